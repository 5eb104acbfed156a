import type { ScanResult } from "../model/finding.js";
import type { ProvenanceSummary } from "../model/provenance.js";
import { paint } from "./ansi.js";
import { countFindings, firstLocation, pathText, severityText } from "./summary.js";
import type { RenderOptions } from "./types.js";

const MAX_CELL = 60;

function cell(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_CELL ? `${oneLine.slice(0, MAX_CELL - 1)}…` : oneLine;
}

/** Lays out rows in aligned columns; `style` colours a whole row's first cell after padding. */
function columns(rows: string[][], styleFirst: (row: number, text: string) => string): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r, ri) =>
    r
      .map((c, i) => {
        const padded = i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0);
        return i === 0 ? styleFirst(ri, padded) : padded;
      })
      .join("  ")
      .trimEnd(),
  );
}

/** "Provenance: 12 of 40 npm packages verified (30%), 1 failed, 27 without attestations". */
export function provenanceLine(p: ProvenanceSummary): string {
  return `Provenance: ${p.verified} of ${p.total} npm packages verified (${Math.round(p.verifiedShare * 100)}%), ${p.failed} failed, ${p.none} without attestations`;
}

/**
 * The terminal report: one row per unsuppressed finding, then remediation, warnings and inventory errors.
 * Suppressed findings only appear in the counts.
 */
export function renderTable(result: ScanResult, options: RenderOptions): string {
  const color = options.color;
  const open = result.findings.filter((f) => !f.suppressed);
  const counts = countFindings(result.findings);
  const out: string[] = [];
  if (open.length > 0) {
    const rows = [["SEVERITY", "ID", "PACKAGE", "VERSION", "FIXED IN", "LOCATION", "SUMMARY"]];
    for (const f of open) {
      rows.push([
        severityText(f),
        f.id,
        cell(f.package.name),
        cell(f.package.version),
        cell(f.fixed.join(", ") || "-"),
        firstLocation(f),
        cell(f.summary),
      ]);
    }
    out.push(
      ...columns(rows, (ri, text) =>
        ri === 0
          ? paint(text, "bold", color)
          : paint(text, (open[ri - 1] ?? open[0])!.severity.rating, color),
      ),
    );
    const transitive = open.filter((f) => f.paths.some((p) => p.length > 1));
    if (transitive.length > 0) {
      out.push("", paint("Dependency paths", "bold", color));
      const seen = new Set<string>();
      for (const f of transitive) {
        if (seen.has(f.package.purl)) continue;
        seen.add(f.package.purl);
        for (const p of f.paths) out.push(`  ${pathText(p)}`);
      }
    }
  }
  if (result.remediation.length > 0) {
    out.push("", paint("Remediation", "bold", color));
    for (const r of result.remediation) out.push(`  ${r.package.name}@${r.package.version}: ${r.advice}`);
  }
  const by = counts.bySeverity;
  out.push(
    "",
    `${counts.total} vulnerabilit${counts.total === 1 ? "y" : "ies"} (critical ${by.critical}, high ${by.high}, medium ${by.medium}, low ${by.low}, unknown ${by.unknown})` +
      `${counts.suppressed > 0 ? `, ${counts.suppressed} suppressed` : ""} in ${result.inventory.packages} packages`,
  );
  if (result.provenance) out.push(provenanceLine(result.provenance));
  for (const p of result.provenance?.packages ?? []) {
    if (p.status === "failed")
      out.push(paint(`provenance failed: ${p.name}@${p.version}: ${p.reason}`, "warn", color));
  }
  for (const w of result.warnings) out.push(paint(`warning: ${w}`, "warn", color));
  for (const e of result.inventory.errors) {
    out.push(paint(`error: ${e.path}${e.line ? `:${e.line}` : ""}: ${e.message}`, "warn", color));
  }
  return out.join("\n");
}
