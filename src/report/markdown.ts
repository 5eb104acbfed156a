import { type ScanResult, SEVERITY_RATINGS } from "../model/finding.js";
import { fixedInText } from "../remediation/index.js";
import { markdownCell, safeUrl } from "./escape.js";
import {
  adviceByPackage,
  countFindings,
  coverageText,
  firstLocation,
  pathText,
  severityText,
} from "./summary.js";

/** Rows and detail sections kept, so the comment stays under GitHub's 65,536-character limit. */
export const MARKDOWN_MAX_ROWS = 150;
/** Detail sections kept (see MARKDOWN_MAX_ROWS). */
export const MARKDOWN_MAX_DETAILS = 40;

/**
 * A pull-request comment: counts by severity, one table row per unsuppressed finding (the most severe
 * MARKDOWN_MAX_ROWS), and the details of the first MARKDOWN_MAX_DETAILS in a collapsed section. Suppressed
 * findings only appear in the counts.
 */
export function renderMarkdown(result: ScanResult): string {
  const counts = countFindings(result.findings);
  const open = result.findings.filter((f) => !f.suppressed);
  const advice = adviceByPackage(result);
  const out: string[] = ["## Bulwark vulnerability scan", ""];
  out.push("| Severity | Count |", "| --- | ---: |");
  for (const r of SEVERITY_RATINGS) out.push(`| ${r} | ${counts.bySeverity[r]} |`);
  out.push(`| **total** | **${counts.total}** |`);
  if (counts.suppressed > 0) out.push("", `${counts.suppressed} finding(s) suppressed by VEX or ignores.`);
  out.push("", `${result.inventory.packages} packages scanned.`);
  const coverage = coverageText(result);
  if (coverage) out.push("", markdownCell(coverage).replace("NOT CHECKED", "**NOT CHECKED**"));
  if (open.length > 0) {
    out.push(
      "",
      "| Severity | ID | Package | Version | Fixed in | Location |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const f of open.slice(0, MARKDOWN_MAX_ROWS)) {
      out.push(
        `| ${severityText(f)} | ${markdownCell(f.id)} | ${markdownCell(f.package.name)} | ${markdownCell(f.package.version)} | ${markdownCell(fixedInText(f) || "none")} | ${markdownCell(firstLocation(f))} |`,
      );
    }
    if (open.length > MARKDOWN_MAX_ROWS) {
      out.push("", `… and ${open.length - MARKDOWN_MAX_ROWS} more (see the JSON, SARIF or HTML report).`);
    }
    out.push("", "<details><summary>Details</summary>", "");
    for (const f of open.slice(0, MARKDOWN_MAX_DETAILS)) {
      out.push(
        `#### ${markdownCell(f.id)}: ${markdownCell(f.package.name)} ${markdownCell(f.package.version)}`,
        "",
      );
      out.push(markdownCell(f.summary), "");
      if (f.aliases.length > 0) out.push(`Aliases: ${markdownCell(f.aliases.join(", "))}`, "");
      if (f.severity.vector)
        out.push(`Severity: ${severityText(f)} (\`${markdownCell(f.severity.vector)}\`)`, "");
      for (const p of f.paths) out.push(`- path: ${markdownCell(pathText(p))}`);
      const fix = advice.get(f.package.purl);
      if (fix) out.push(`- remediation: ${markdownCell(fix)}`);
      const links = f.references
        .map((r) => safeUrl(r.url))
        .filter((u): u is string => Boolean(u))
        .slice(0, 5);
      // safeUrl percent-encodes spaces, quotes and angle brackets, so the autolink cannot be broken out of.
      for (const u of links) out.push(`- <${u}>`);
      out.push("");
    }
    if (open.length > MARKDOWN_MAX_DETAILS)
      out.push(
        `Details of ${open.length - MARKDOWN_MAX_DETAILS} more findings are in the other reports.`,
        "",
      );
    out.push("</details>");
  }
  if (result.warnings.length > 0 || result.inventory.errors.length > 0) {
    out.push("", "### Warnings", "");
    for (const w of result.warnings) out.push(`- ${markdownCell(w)}`);
    for (const e of result.inventory.errors)
      out.push(`- ${markdownCell(`${e.path}${e.line ? `:${e.line}` : ""}: ${e.message}`)}`);
  }
  return out.join("\n");
}
