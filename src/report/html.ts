import { type Finding, type ScanResult, SEVERITY_RATINGS } from "../model/finding.js";
import { severityRank } from "../scan/severity.js";
import { VERSION } from "../version.js";
import { escapeHtml as e, safeUrl } from "./escape.js";
import { HTML_SCRIPT, HTML_STYLE } from "./html-assets.js";
import { adviceByPackage, countFindings, firstLocation, pathText } from "./summary.js";

const BAR_COLORS: Record<string, string> = {
  critical: "#7b1fa2",
  high: "#c62828",
  medium: "#ef6c00",
  low: "#00838f",
  unknown: "#9e9e9e",
};

/** Inline SVG bars: unsuppressed findings by severity. */
function chart(result: ScanResult): string {
  const counts = countFindings(result.findings).bySeverity;
  const max = Math.max(1, ...Object.values(counts));
  const rowH = 22;
  const bars = SEVERITY_RATINGS.map((r, i) => {
    const w = Math.round((counts[r] / max) * 300);
    const y = i * rowH;
    return `<text x="0" y="${y + 15}">${r}</text><rect x="70" y="${y + 3}" width="${w}" height="16" fill="${BAR_COLORS[r]}"/><text x="${76 + w}" y="${y + 15}">${counts[r]}</text>`;
  }).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="findings by severity" width="420" height="${SEVERITY_RATINGS.length * rowH}" font-size="12">${bars}</svg>`;
}

function row(f: Finding, advice: string | undefined): string {
  const links = f.references
    .map((r) => safeUrl(r.url))
    .filter((u): u is string => Boolean(u))
    .slice(0, 8)
    .map((u) => `<li><a href="${e(u)}" rel="noreferrer">${e(u)}</a></li>`)
    .join("");
  const paths = f.paths.map((p) => `<li>${e(pathText(p))}</li>`).join("");
  const details = [
    f.aliases.length ? `<p>Aliases: ${e(f.aliases.join(", "))}</p>` : "",
    f.severity.vector ? `<p>Severity: <code>${e(f.severity.vector)}</code></p>` : "",
    f.details ? `<p class="details">${e(f.details)}</p>` : "",
    paths ? `<p>Paths:</p><ul>${paths}</ul>` : "",
    advice ? `<p>Remediation: ${e(advice)}</p>` : "",
    f.suppressed
      ? `<p>Suppressed by ${e(f.suppressed.by)} (${e(f.suppressed.source)}): ${e(f.suppressed.reason)}</p>`
      : "",
    links ? `<ul>${links}</ul>` : "",
  ].join("");
  const cls = f.suppressed ? ` class="suppressed"` : "";
  return `<tr${cls}><td class="sev-${f.severity.rating}" data-sort="${severityRank(f.severity.rating)}">${e(f.severity.rating)}</td><td data-sort="${f.severity.score ?? -1}">${f.severity.score?.toFixed(1) ?? ""}</td><td>${e(f.id)}</td><td>${e(f.package.name)}</td><td>${e(f.package.version)}</td><td>${e(f.package.ecosystem)}</td><td>${e(f.fixed.join(", "))}</td><td>${e(firstLocation(f))}</td><td><details><summary>${e(f.summary)}</summary>${details}</details></td></tr>`;
}

/**
 * One self-contained HTML page (inline CSS, JS and SVG; no external requests): summary chart, a sortable and
 * searchable table of all findings (suppressed ones marked), remediation and warnings. All record text is
 * escaped and only http(s) links are kept.
 */
export function renderHtml(result: ScanResult): string {
  const counts = countFindings(result.findings);
  const advice = adviceByPackage(result);
  const rows = result.findings.map((f) => row(f, advice.get(f.package.purl))).join("\n");
  const remediation = result.remediation
    .map((r) => `<li>${e(`${r.package.name}@${r.package.version}: ${r.advice}`)}</li>`)
    .join("");
  const warnings = [
    ...result.warnings,
    ...result.inventory.errors.map((x) => `${x.path}${x.line ? `:${x.line}` : ""}: ${x.message}`),
  ]
    .map((w) => `<li class="warn">${e(w)}</li>`)
    .join("");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Bulwark scan report</title><style>${HTML_STYLE}</style></head>
<body>
<h1>Bulwark scan report</h1>
<p>${counts.total} vulnerabilities, ${counts.suppressed} suppressed, in ${result.inventory.packages} packages (bulwark ${e(VERSION)}).</p>
${chart(result)}
<div><input id="search" type="search" placeholder="Search findings" aria-label="Search findings"></div>
<table id="findings"><thead><tr><th>Severity</th><th>Score</th><th>ID</th><th>Package</th><th>Version</th><th>Ecosystem</th><th>Fixed in</th><th>Location</th><th>Summary</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${remediation ? `<h2>Remediation</h2><ul>${remediation}</ul>` : ""}
${warnings ? `<h2>Warnings</h2><ul>${warnings}</ul>` : ""}
<script>${HTML_SCRIPT}</script>
</body></html>`;
}
