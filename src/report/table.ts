import type { ScanResult } from "../model/finding.js";
import type { ProvenanceSummary } from "../model/provenance.js";
import { fixedInText } from "../remediation/index.js";
import { paint } from "./ansi.js";
import { layoutTable, tableCell } from "./columns.js";
import { countFindings, firstLocation, pathText, severityText } from "./summary.js";
import { terminalText } from "./terminal-text.js";
import type { RenderOptions } from "./types.js";

/** Options of the terminal table: the report's, and the terminal's width. */
export interface TableRenderOptions extends RenderOptions {
  /** Cut long cells so that rows fit this many columns; undefined = full rows (not a terminal, `--wide`). */
  width?: number;
}

/** Columns cut first when a row is too wide: package, fixed-in, location and summary (never id or version). */
const SHRINKABLE = [2, 4, 5, 6];

/** "Provenance: 12 of 40 npm packages verified (30%), 1 failed, 27 without attestations". */
export function provenanceLine(p: ProvenanceSummary): string {
  return `Provenance: ${p.verified} of ${p.total} npm packages verified (${Math.round(p.verifiedShare * 100)}%), ${p.failed} failed, ${p.none} without attestations`;
}

/**
 * "… in 1445 packages — NOT CHECKED: npm (1445 packages, no advisories in the database)": the ecosystems the
 * database holds no records for, so that a clean-looking count is never read as a clean project.
 */
export function notCheckedText(result: ScanResult): string {
  const unchecked = (result.coverage ?? []).filter((c) => c.records === 0);
  const reason = "no advisories in the database";
  const counted = unchecked.map(
    (c) => `${tableCell(c.ecosystem)} (${c.packages} package${c.packages === 1 ? "" : "s"}`,
  );
  if (counted.length === 0) return "";
  if (counted.length === 1) return ` — NOT CHECKED: ${counted[0]}, ${reason})`;
  return ` — NOT CHECKED: ${counted.map((c) => `${c})`).join(", ")}: ${reason}`;
}

/**
 * The terminal report: one row per unsuppressed finding, then remediation, the summary line (which names
 * the ecosystems not checked), warnings and inventory errors. Suppressed findings only appear in the counts.
 * Every text from records and files is escaped for the terminal; with a width, long cells are cut.
 */
export function renderTable(result: ScanResult, options: TableRenderOptions): string {
  const color = options.color;
  const open = result.findings.filter((f) => !f.suppressed);
  const counts = countFindings(result.findings);
  const out: string[] = [];
  if (open.length > 0) {
    const rows = [["SEVERITY", "ID", "PACKAGE", "VERSION", "FIXED IN", "LOCATION", "SUMMARY"]];
    for (const f of open) {
      rows.push([
        severityText(f),
        tableCell(f.id),
        tableCell(f.package.name),
        tableCell(f.package.version),
        tableCell(fixedInText(f) || "-"),
        tableCell(firstLocation(f)),
        tableCell(f.summary),
      ]);
    }
    out.push(
      ...layoutTable(rows, { width: options.width, shrinkable: SHRINKABLE, keepEnd: [5] }, (ri, ci, text) => {
        if (ri === 0) return paint(text, "bold", color);
        return ci === 0 ? paint(text, open[ri - 1]!.severity.rating, color) : text;
      }),
    );
    const transitive = open.filter((f) => f.paths.some((p) => p.length > 1));
    if (transitive.length > 0) {
      out.push("", paint("Dependency paths", "bold", color));
      const seen = new Set<string>();
      for (const f of transitive) {
        if (seen.has(f.package.purl)) continue;
        seen.add(f.package.purl);
        for (const p of f.paths) out.push(`  ${terminalText(pathText(p))}`);
      }
    }
  }
  if (result.remediation.length > 0) {
    out.push("", paint("Remediation", "bold", color));
    for (const r of result.remediation)
      out.push(`  ${terminalText(`${r.package.name}@${r.package.version}: ${r.advice}`)}`);
  }
  const by = counts.bySeverity;
  const unchecked = notCheckedText(result);
  const inputErrors = result.inventory.errors.length;
  out.push(
    "",
    `${counts.total} vulnerabilit${counts.total === 1 ? "y" : "ies"} (critical ${by.critical}, high ${by.high}, medium ${by.medium}, low ${by.low}, unknown ${by.unknown})` +
      `${counts.suppressed > 0 ? `, ${counts.suppressed} suppressed` : ""} in ${result.inventory.packages} packages` +
      (inputErrors > 0 ? `; ${inputErrors} input error${inputErrors === 1 ? "" : "s"} (below)` : "") +
      (unchecked ? paint(unchecked, "warn", color) : ""),
  );
  if (result.provenance) out.push(provenanceLine(result.provenance));
  for (const p of result.provenance?.packages ?? []) {
    if (p.status === "failed")
      out.push(paint(terminalText(`provenance failed: ${p.name}@${p.version}: ${p.reason}`), "warn", color));
  }
  for (const w of result.warnings) {
    // The summary line already names the ecosystems not checked (the scan's own warning says the same).
    if (unchecked && w.startsWith("NOT CHECKED:")) continue;
    out.push(paint(`warning: ${terminalText(w)}`, "warn", color));
  }
  for (const e of result.inventory.errors) {
    out.push(
      paint(`error: ${terminalText(`${e.path}${e.line ? `:${e.line}` : ""}: ${e.message}`)}`, "warn", color),
    );
  }
  return out.join("\n");
}
