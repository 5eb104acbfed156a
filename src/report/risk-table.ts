import type { RiskReport } from "../risk/assess.js";

/** Evidence lines printed per check; the JSON and SARIF outputs carry all of them. */
const MAX_EVIDENCE = 15;

/** Formats a report for a terminal: one line per check with score or "n/a", reason, then evidence. */
export function renderRiskTable(report: RiskReport): string {
  const lines: string[] = [];
  lines.push(
    `Repository: ${report.repo.url ?? report.repo.path}${report.repo.head ? ` @ ${report.repo.head.slice(0, 12)}` : ""}`,
  );
  lines.push(`Aggregate score: ${report.score === null ? "not evaluated" : `${report.score} / 10`}`);
  lines.push("");
  const width = Math.max(...report.checks.map((c) => c.name.length), 5);
  lines.push(`${"CHECK".padEnd(width)}  SCORE  RISK      REASON`);
  for (const c of report.checks) {
    const score = c.score === null ? "n/a" : `${c.score}/10`;
    lines.push(`${c.name.padEnd(width)}  ${score.padEnd(5)}  ${c.risk.padEnd(8)}  ${c.reason}`);
    const shown = c.findings.filter((f) => f.outcome === "negative" || f.outcome === "error");
    for (const f of shown.slice(0, MAX_EVIDENCE)) {
      const where = f.location ? `${f.location.path}${f.location.line ? `:${f.location.line}` : ""}: ` : "";
      const note = f.suppressed ? ` [suppressed: ${f.suppressed}]` : "";
      lines.push(
        `${" ".repeat(width + 2)}- ${f.outcome === "error" ? "error: " : ""}${where}${f.message}${note}`,
      );
    }
    if (shown.length > MAX_EVIDENCE) {
      lines.push(`${" ".repeat(width + 2)}- ... and ${shown.length - MAX_EVIDENCE} more (see --format json)`);
    }
  }
  const crit = report.criticality;
  lines.push("");
  lines.push(`Criticality: ${crit.score === null ? `not evaluated (${crit.reason})` : crit.score}`);
  const signals = Object.entries(crit.signals).map(([k, v]) => `${k}=${v.value}`);
  if (signals.length > 0) lines.push(`  signals: ${signals.join(", ")}`);
  if (crit.missing.length > 0) lines.push(`  missing (dropped): ${crit.missing.join(", ")}`);
  const langs = report.languages;
  lines.push("");
  lines.push(
    `Languages (${langs.totalLines} lines): ${
      langs.languages
        .slice(0, 8)
        .map((l) => `${l.language} ${((100 * l.bytes) / Math.max(1, langs.totalBytes)).toFixed(1)}%`)
        .join(", ") || "none"
    }`,
  );
  lines.push(
    `Memory-unsafe share: ${langs.memoryUnsafeShare === null ? "n/a (no code)" : `${(langs.memoryUnsafeShare * 100).toFixed(1)}%`}`,
  );
  for (const area of langs.largestUnsafeAreas.slice(0, 5)) {
    lines.push(`  ${area.directory}: ${area.bytes} bytes, ${area.lines} lines in ${area.files} file(s)`);
  }
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  return lines.join("\n");
}
