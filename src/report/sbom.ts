import { basename } from "node:path";
import type { Finding, ScanResult, Suppression } from "../model/finding.js";
import { cycloneDxJustification } from "../model/vex-vocabulary.js";
import { type SbomVulnerability, toCycloneDx, toSpdx } from "../sbom/index.js";
import { coverageText } from "./summary.js";
import type { RenderOptions } from "./types.js";

/** CVSS methods as CycloneDX names them; "other" for an ecosystem's own rating. */
const METHODS: Record<string, string> = { CVSS_V2: "CVSSv2", CVSS_V3: "CVSSv3", CVSS_V4: "CVSSv4" };

/**
 * What a suppression says, in CycloneDX's analysis vocabulary. Only a statement that says not_affected
 * exports as `not_affected`; a fix as `resolved`; an ignore that states nothing is an accepted risk:
 * `exploitable` with the response `will_not_fix` — a VEX consumer must not read it as "not affected".
 */
export function cycloneDxAnalysis(s: Suppression): NonNullable<SbomVulnerability["analysis"]> {
  const detail = `${s.by}: ${s.reason} (${s.source})`;
  switch (s.status) {
    case "not_affected": {
      const justification = s.justification ? cycloneDxJustification(s.justification) : undefined;
      return { state: "not_affected", ...(justification ? { justification } : {}), detail };
    }
    case "fixed":
      return { state: "resolved", detail };
    case "under_investigation":
      return { state: "in_triage", detail };
    default:
      return { state: "exploitable", response: ["will_not_fix"], detail };
  }
}

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
    analysis: f.suppressed ? cycloneDxAnalysis(f.suppressed) : undefined,
  };
}

function projectName(result: ScanResult): string {
  const first = result.inventory.sources[0]?.path;
  return first ? basename(first.split("/").slice(0, -1).join("/") || ".") || "project" : "project";
}

/** The scanned inventory as CycloneDX 1.6 with every finding in `vulnerabilities` (a VDR/VEX document). */
export function renderCycloneDx(result: ScanResult, options?: RenderOptions): string {
  const inventory = { packages: result.packages, sources: result.inventory.sources, errors: [] };
  const doc = toCycloneDx(inventory, {
    name: projectName(result),
    vulnerabilities: result.findings.map(sbomVulnerability),
    dating: options?.dating,
    properties: (result.coverage ?? []).map((c) => ({
      name: `bulwark:coverage:${c.ecosystem}`,
      value:
        c.records > 0
          ? `${c.packages} packages checked against ${c.records} advisories`
          : `${c.packages} packages NOT CHECKED (no advisories in the database)`,
    })),
  });
  return JSON.stringify(doc, null, 2);
}

/** The scanned inventory as SPDX 2.3, each finding an advisory reference on its package. */
export function renderSpdx(result: ScanResult, options?: RenderOptions): string {
  const inventory = { packages: result.packages, sources: result.inventory.sources, errors: [] };
  const doc = toSpdx(inventory, {
    name: projectName(result),
    vulnerabilities: result.findings.map(sbomVulnerability),
    dating: options?.dating,
    ...(coverageText(result) ? { comment: coverageText(result) } : {}),
  });
  return JSON.stringify(doc, null, 2);
}
