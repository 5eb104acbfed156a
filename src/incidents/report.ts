import { escapeHtml, markdownCell } from "../report/escape.js";
import type { IncidentDetail } from "./view.js";

// The incident report: the same content as self-contained HTML (inline CSS, no script, no external asset) and as
// Markdown. Every value that comes from outside (advisory titles, project names, purls, justifications, key
// names) is escaped: the report is opened in browsers and pasted into tickets.

const day = (iso?: string) => (iso ? iso.replace("T", " ").slice(0, 16) : "");
const pct = (share: number) => `${Math.round(share * 100)}%`;
const duration = (ms?: number) =>
  ms === undefined
    ? "not contained"
    : ms < 3_600_000
      ? `${Math.round(ms / 60_000)} min`
      : `${(ms / 3_600_000).toFixed(1)} h`;

function summaryRows(d: IncidentDetail): [string, string][] {
  const i = d.incident;
  return [
    ["Vulnerability", [i.vulnerabilityId, ...i.aliases].join(", ")],
    ["Status", i.status],
    ["Owner", i.owner || "—"],
    ["Opened", `${day(i.openedAt)} by ${i.openedBy}`],
    ...(i.closedAt ? ([["Closed", day(i.closedAt)]] as [string, string][]) : []),
    [
      "Severity",
      d.severity
        ? `${d.severity.rating}${d.severity.score !== undefined ? ` (CVSS ${d.severity.score})` : ""}`
        : "—",
    ],
    ["CISA KEV", d.kev ? "listed" : "not listed"],
    ["Projects", String(d.projects.length)],
    ["Fixed", pct(d.progress.shareFixed)],
    ["Time to contain", duration(d.progress.timeToContainMs)],
  ];
}

function packageLines(d: IncidentDetail) {
  return d.projects.flatMap((p) =>
    p.findings.map((f) => ({
      project: p.projectName,
      version: f.projectVersion,
      purl: f.purl,
      direct: f.direct === undefined ? "?" : f.direct ? "direct" : "transitive",
      path: f.paths[0]?.join(" → ") ?? "",
      fixed: f.fixed.join(", ") || "no fix known",
      move: f.move.join(", "),
    })),
  );
}

/** The report as Markdown. */
export function incidentMarkdown(d: IncidentDetail): string {
  const m = markdownCell;
  const out: string[] = [`# Incident ${d.incident.id}: ${m(d.incident.title)}`, "", "| | |", "| --- | --- |"];
  for (const [k, v] of summaryRows(d)) out.push(`| ${k} | ${m(v)} |`);
  out.push(
    "",
    "## Projects",
    "",
    "| project | status | changed | by | justification |",
    "| --- | --- | --- | --- | --- |",
  );
  for (const p of d.projects)
    out.push(
      `| ${m(p.projectName)} | ${m(p.status)} | ${m(day(p.changedAt))} | ${m(p.changedBy)} | ${m(p.justification ?? "")} |`,
    );
  out.push(
    "",
    "## Blast radius",
    "",
    "| project | version | package | how | path | fixed in | move |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const l of packageLines(d))
    out.push(
      `| ${m(l.project)} | ${m(l.version)} | ${m(l.purl)} | ${l.direct} | ${m(l.path)} | ${m(l.fixed)} | ${m(l.move)} |`,
    );
  out.push("", "## Patch plan", "");
  d.plan.layers.forEach((layer, n) => {
    out.push(
      `${n + 1}. ${layer.map((p) => `${m(p.project)}${p.owners.length ? ` (${m(p.owners.join(", "))})` : ""}`).join("; ")}`,
    );
  });
  if (d.plan.layers.length === 0) out.push("Nothing left to patch.");
  out.push(
    "",
    "## Timeline",
    "",
    "| when | what | project | status | by |",
    "| --- | --- | --- | --- | --- |",
  );
  for (const e of d.timeline)
    out.push(
      `| ${m(day(e.at))} | ${m(e.type)} | ${m(e.projectName ?? "")} | ${m(e.status ?? "")} | ${m(e.by)} |`,
    );
  return `${out.join("\n")}\n`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
.affected{color:#b42318}.fixed{color:#067647}.not_affected{color:#475467}code{font-size:12px}`;

/** The report as one self-contained HTML page (inline style only; every value escaped). */
export function incidentHtml(d: IncidentDetail): string {
  const e = escapeHtml;
  const table = (head: string[], rows: string[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join("")}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`)
      .join("")}</tbody></table>`;
  const parts = [
    `<h1>Incident ${d.incident.id}: ${e(d.incident.title)}</h1>`,
    `<table><tbody>${summaryRows(d)
      .map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`)
      .join("")}</tbody></table>`,
    "<h2>Projects</h2>",
    table(
      ["project", "status", "changed", "by", "justification", "detail"],
      d.projects.map((p) => [
        e(p.projectName),
        `<span class="${e(p.status)}">${e(p.status)}</span>`,
        e(day(p.changedAt)),
        e(p.changedBy),
        e(p.justification ?? ""),
        e(p.detail ?? ""),
      ]),
    ),
    "<h2>Blast radius</h2>",
    table(
      ["project", "version", "package", "how", "path", "fixed in", "move"],
      packageLines(d).map((l) => [
        e(l.project),
        e(l.version),
        `<code>${e(l.purl)}</code>`,
        e(l.direct),
        `<code>${e(l.path)}</code>`,
        e(l.fixed),
        `<code>${e(l.move)}</code>`,
      ]),
    ),
    "<h2>Patch plan</h2>",
    d.plan.layers.length
      ? `<ol>${d.plan.layers
          .map(
            (layer) =>
              `<li>${layer
                .map(
                  (p) =>
                    `${e(p.project)}${p.owners.length ? ` <small>(${e(p.owners.join(", "))})</small>` : ""}`,
                )
                .join("; ")}</li>`,
          )
          .join("")}</ol>`
      : "<p>Nothing left to patch.</p>",
    "<h2>Timeline</h2>",
    table(
      ["when", "what", "project", "status", "by"],
      d.timeline.map((t) => [e(day(t.at)), e(t.type), e(t.projectName ?? ""), e(t.status ?? ""), e(t.by)]),
    ),
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Incident ${d.incident.id}: ${e(
    d.incident.title,
  )}</title><style>${STYLE}</style></head><body>${parts.join("\n")}</body></html>\n`;
}
