import { basename } from "node:path";
import type { Finding, ScanResult } from "../model/finding.js";
import { type SbomVulnerability, toCycloneDx, toSpdx } from "../sbom/index.js";

/** CVSS methods as CycloneDX names them; "other" for an ecosystem's own rating. */
const METHODS: Record<string, string> = { CVSS_V2: "CVSSv2", CVSS_V3: "CVSSv3", CVSS_V4: "CVSSv4" };

/** A finding as SBOM documents carry a vulnerability. */
export function sbomVulnerability(f: Finding): SbomVulnerability {
  const method =
    f.severity.type === "CVSS_V3" && f.severity.vector?.startsWith("CVSS:3.1/")
      ? "CVSSv31"
      : (METHODS[f.severity.type] ?? (f.severity.type === "ecosystem" ? "other" : undefined));
  return {
    id: f.id,
    aliases: f.aliases,
    summary: f.summary,
    details: f.details,
    rating: f.severity.rating,
    score: f.severity.score,
    // For an ecosystem's own rating the "vector" is only its label (HIGH, MODERATE): not a vector.
    vector: f.severity.type.startsWith("CVSS") ? f.severity.vector : undefined,
    method,
    affects: [f.package.purl],
    fixed: f.fixed,
    references: f.references.map((r) => r.url),
    // A VEX statement or an ignore is an analysis saying the finding does not apply here.
    analysis: f.suppressed
      ? {
          state: "not_affected",
          detail: `${f.suppressed.by}: ${f.suppressed.reason} (${f.suppressed.source})`,
        }
      : undefined,
  };
}

function projectName(result: ScanResult): string {
  const first = result.inventory.sources[0]?.path;
  return first ? basename(first.split("/").slice(0, -1).join("/") || ".") || "project" : "project";
}

/** The scanned inventory as CycloneDX 1.6 with every finding in `vulnerabilities` (a VDR/VEX document). */
export function renderCycloneDx(result: ScanResult): string {
  const inventory = { packages: result.packages, sources: result.inventory.sources, errors: [] };
  const doc = toCycloneDx(inventory, {
    name: projectName(result),
    vulnerabilities: result.findings.map(sbomVulnerability),
  });
  return JSON.stringify(doc, null, 2);
}

/** The scanned inventory as SPDX 2.3, each finding an advisory reference on its package. */
export function renderSpdx(result: ScanResult): string {
  const inventory = { packages: result.packages, sources: result.inventory.sources, errors: [] };
  const doc = toSpdx(inventory, {
    name: projectName(result),
    vulnerabilities: result.findings.map(sbomVulnerability),
  });
  return JSON.stringify(doc, null, 2);
}
