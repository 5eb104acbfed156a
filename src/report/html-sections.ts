import { type DatabaseInfo, type ScanResult, SEVERITY_RATINGS } from "../model/finding.js";
import { VERSION } from "../version.js";
import { escapeHtml as e } from "./escape.js";
import type { PackageGroup } from "./html-model.js";
import { countFindings } from "./summary.js";

const number = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, one: string, many: string) => `${number(n)} ${n === 1 ? one : many}`;
const DAY_MS = 86_400_000;

/** An ISO timestamp for people ("2026-12-02 04:22 UTC") in a <time> element; unparsable text stays as given. */
function time(iso: string, dateOnly = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return e(iso);
  const text = dateOnly
    ? d.toISOString().slice(0, 10)
    : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return `<time datetime="${e(d.toISOString())}">${text}</time>`;
}

/** Whole days from `from` to `to` (ISO timestamps); undefined when either does not parse. */
function daysBetween(from: string, to: string): number | undefined {
  const days = Math.floor((Date.parse(to) - Date.parse(from)) / DAY_MS);
  return Number.isNaN(days) ? undefined : days;
}

/** When the database last imported each ecosystem (`database.ecosystems[].lastUpdate`), where it says. */
function importedAt(db: DatabaseInfo): Map<string, string> {
  const out = new Map<string, string>();
  const list: unknown = db.ecosystems;
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    const { ecosystem, lastUpdate } = (item ?? {}) as { ecosystem?: unknown; lastUpdate?: unknown };
    if (typeof ecosystem === "string" && typeof lastUpdate === "string") out.set(ecosystem, lastUpdate);
  }
  return out;
}

/** Ecosystems of the inventory the database holds no records for: nothing in them was checked. */
export function uncheckedEcosystems(result: ScanResult): { ecosystem: string; packages: number }[] {
  return (result.coverage ?? []).filter((c) => c.records === 0 && c.packages > 0);
}

/** The page's header: what was scanned, when, against which data, by which tool. */
export function headerSection(result: ScanResult, groups: readonly PackageGroup[]): string {
  const counts = countFindings(result.findings);
  const unchecked = uncheckedEcosystems(result);
  const lead =
    counts.total + counts.suppressed === 0
      ? `No known vulnerabilities in ${plural(result.inventory.packages, "package", "packages")}.`
      : `${plural(counts.total, "vulnerability", "vulnerabilities")} in ${plural(
          groups.filter((g) => g.findings.some((f) => !f.suppressed)).length,
          "package",
          "packages",
        )} of the ${plural(result.inventory.packages, "package", "packages")} scanned${
          counts.suppressed > 0 ? ` (and ${number(counts.suppressed)} suppressed)` : ""
        }.`;
  const warning =
    unchecked.length > 0
      ? `<p class="alert">Not checked: ${e(
          unchecked.map((u) => `${u.ecosystem} (${plural(u.packages, "package", "packages")})`).join(", "),
        )}. The advisory database holds no records for ${unchecked.length === 1 ? "this ecosystem" : "these ecosystems"}, so ${unchecked.length === 1 ? "its" : "their"} packages may have vulnerabilities this report cannot show.</p>`
      : "";
  const sources = result.inventory.sources;
  const meta = [
    result.scannedAt ? `<dt>Scanned</dt><dd>${time(result.scannedAt)}</dd>` : "",
    result.targets && result.targets.length > 0
      ? `<dt>Targets</dt><dd><ul class="plain">${result.targets.map((t) => `<li><code>${e(t)}</code></li>`).join("")}</ul></dd>`
      : "",
    `<dt>Inputs read</dt><dd>${
      sources.length === 0
        ? "none"
        : `<details><summary>${plural(sources.length, "file", "files")}</summary><ul class="plain">${sources
            .map((s) => `<li><code>${e(s.path)}</code> (${e(s.format)})</li>`)
            .join("")}</ul></details>`
    }</dd>`,
    `<dt>Advisory database</dt><dd>${
      typeof result.database.records === "number"
        ? plural(result.database.records, "record", "records")
        : "unknown size"
    }${typeof result.database.path === "string" ? ` in <code>${e(result.database.path)}</code>` : ""}</dd>`,
    `<dt>Tool</dt><dd>bulwark ${e(VERSION)}</dd>`,
  ].join("");
  return `<header class="top"><h1>Bulwark scan report</h1><p class="lead">${lead}</p>${warning}<dl class="meta">${meta}</dl></header>`;
}

/**
 * What was checked, per ecosystem: packages, advisory records, how fresh the records are (newest `modified`,
 * and its age at scan time) and when they were imported; an ecosystem without records says it was not checked.
 * Without coverage (an older scan), the database's import times alone.
 */
export function coverageSection(result: ScanResult): string {
  const imported = importedAt(result.database);
  const coverage = result.coverage ?? [];
  if (coverage.length === 0) {
    if (imported.size === 0) return "";
    const items = [...imported]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([eco, at]) => `<li><strong>${e(eco)}</strong>: imported ${time(at, true)}</li>`)
      .join("");
    return `<section id="coverage"><h2>Advisory data</h2><ul class="coverage">${items}</ul></section>`;
  }
  const items = [...coverage]
    .sort((a, b) => a.ecosystem.localeCompare(b.ecosystem))
    .map((c) => {
      const packages = plural(c.packages, "package", "packages");
      if (c.records === 0) {
        return `<li class="unchecked"><strong>${e(c.ecosystem)}</strong>: ${packages} <strong>not checked</strong>: the database holds no ${e(c.ecosystem)} advisories.</li>`;
      }
      const age =
        c.newestModified && result.scannedAt ? daysBetween(c.newestModified, result.scannedAt) : undefined;
      const fresh = c.newestModified
        ? `; newest record modified ${time(c.newestModified, true)}${age !== undefined && age >= 0 ? ` (${plural(age, "day", "days")} before the scan)` : ""}`
        : "";
      const at = imported.get(c.ecosystem);
      return `<li><strong>${e(c.ecosystem)}</strong>: ${packages} checked against ${plural(c.records, "advisory record", "advisory records")}${fresh}${at ? `; imported ${time(at, true)}` : ""}.</li>`;
    })
    .join("");
  return `<section id="coverage"><h2>What was checked</h2><ul class="coverage">${items}</ul></section>`;
}

const BAR_WIDTH = 240;
/** The narrowest bar of a non-zero count: a single finding must still show. */
const MIN_BAR = 4;

/** Unsuppressed findings by severity as an inline SVG bar chart (scales with the page; no style attributes). */
export function severityChart(result: ScanResult): string {
  const by = countFindings(result.findings).bySeverity;
  const max = Math.max(1, ...Object.values(by));
  const rowH = 22;
  const bars = SEVERITY_RATINGS.map((r, i) => {
    const n = by[r];
    const w = n === 0 ? 0 : Math.max(MIN_BAR, Math.round((n / max) * BAR_WIDTH));
    const y = i * rowH;
    return `<text x="0" y="${y + 15}">${r}</text><rect class="bar-${r}" x="70" y="${y + 3}" width="${w}" height="16"/><text x="${76 + w}" y="${y + 15}">${number(n)}</text>`;
  }).join("");
  const height = SEVERITY_RATINGS.length * rowH;
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="findings by severity" viewBox="0 0 ${BAR_WIDTH + 130} ${height}" width="${BAR_WIDTH + 130}" height="${height}" font-size="12">${bars}</svg>`;
}

/** The filter and sort controls: hidden until the script runs (they do nothing without it). */
export function filterControls(result: ScanResult): string {
  const by = countFindings(result.findings).bySeverity;
  const severities = SEVERITY_RATINGS.map(
    (r, i) =>
      `<label class="chip sev-${r}"><input type="checkbox" name="sev" value="${i}" checked> ${r} <span class="n">${number(by[r])}</span></label>`,
  ).join("");
  const suppressed = result.findings.some((f) => f.suppressed)
    ? `<label class="chip"><input type="checkbox" id="f-suppressed" checked> suppressed</label>`
    : "";
  return `<div id="filters" class="filters" role="search" hidden>
<input id="search" type="search" placeholder="Filter by package, id or summary" aria-label="Filter by package, id or summary" autocomplete="off">
<div class="row">${severities}</div>
<div class="row"><label class="chip"><input type="checkbox" id="f-fixable"> fixable only</label><label class="chip"><input type="checkbox" id="f-direct"> direct only</label>${suppressed}
<label class="sort">Sort by <select id="sort"><option value="s">severity</option><option value="n">package name</option><option value="v">version</option><option value="f">fix version</option><option value="c">number of vulnerabilities</option></select></label></div>
</div>
<p id="shown" class="shown" aria-live="polite">Showing all ${number(result.findings.length)} of ${number(result.findings.length)} findings, in ${plural(new Set(result.findings.map((f) => f.package.purl)).size, "package", "packages")}.</p>`;
}

/** Warnings of the scan and problems reading its inputs (path and line), never dropped silently. */
export function problemsSection(result: ScanResult): string {
  const items = [
    ...result.warnings.map((w) => `<li>${e(w)}</li>`),
    ...result.inventory.errors.map(
      (x) => `<li><code>${e(`${x.path}${x.line ? `:${x.line}` : ""}`)}</code>: ${e(x.message)}</li>`,
    ),
  ];
  if (items.length === 0) return "";
  return `<section id="problems"><h2>Warnings and input problems</h2><ul class="warn">${items.join("")}</ul></section>`;
}
