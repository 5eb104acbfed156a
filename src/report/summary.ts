import { type Finding, type ScanResult, SEVERITY_RATINGS, type SeverityRating } from "../model/finding.js";
import { packageLabel } from "../remediation/index.js";

/** Counts of a scan's findings: unsuppressed ones by severity, and how many were suppressed. */
export interface FindingCounts {
  total: number;
  suppressed: number;
  bySeverity: Record<SeverityRating, number>;
}

/** Counts unsuppressed findings by severity; suppressed ones are only counted as such. */
export function countFindings(findings: readonly Finding[]): FindingCounts {
  const bySeverity = Object.fromEntries(SEVERITY_RATINGS.map((r) => [r, 0])) as Record<
    SeverityRating,
    number
  >;
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressed) suppressed++;
    else bySeverity[f.severity.rating]++;
  }
  return { total: findings.length - suppressed, suppressed, bySeverity };
}

/** "GO-2024-1 (CVE-2024-2, GHSA-x)" style id line. */
export function idWithAliases(f: Finding): string {
  return f.aliases.length > 0 ? `${f.id} (${f.aliases.join(", ")})` : f.id;
}

/** "file:line" of a finding's first location, or "" when none. */
export function firstLocation(f: Finding): string {
  const loc = f.locations[0];
  if (!loc) return "";
  return loc.line ? `${loc.path}:${loc.line}` : loc.path;
}

/** The severity as shown to people: "high 7.5" or "unknown". */
export function severityText(f: Finding): string {
  return f.severity.score !== undefined
    ? `${f.severity.rating} ${f.severity.score.toFixed(1)}`
    : f.severity.rating;
}

/** A dependency path for people: "a@1 > b@2 > c@3", names decoded (see packageLabel). */
export function pathText(path: readonly string[]): string {
  return path.map(packageLabel).join(" > ");
}

/** One-line remediation per package, keyed by purl, for renderers that show it beside findings. */
export function adviceByPackage(result: ScanResult): Map<string, string> {
  return new Map(result.remediation.map((r) => [r.package.purl, r.advice]));
}

/**
 * What the scan checked, in one sentence every format can carry: the ecosystems checked against how many
 * records, and those NOT CHECKED (the database holds nothing for them), e.g. "Checked: Go (514 packages,
 * 4,291 advisories). NOT CHECKED: npm (1,445 packages; no npm advisories in the database)."
 */
export function coverageText(result: Pick<ScanResult, "coverage">): string | undefined {
  const coverage = result.coverage ?? [];
  if (coverage.length === 0) return undefined;
  const n = (x: number) => x.toLocaleString("en-US");
  const checked = coverage.filter((c) => c.records > 0);
  const unchecked = coverage.filter((c) => c.records === 0);
  const parts: string[] = [];
  if (checked.length)
    parts.push(
      `Checked: ${checked.map((c) => `${c.ecosystem} (${n(c.packages)} packages, ${n(c.records)} advisories)`).join(", ")}.`,
    );
  if (unchecked.length)
    parts.push(
      `NOT CHECKED: ${unchecked.map((c) => `${c.ecosystem} (${n(c.packages)} packages; no ${c.ecosystem} advisories in the database)`).join(", ")}.`,
    );
  return parts.join(" ");
}
