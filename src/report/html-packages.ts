import { type Finding, SEVERITY_RATINGS } from "../model/finding.js";
import { findingFixes } from "../remediation/index.js";
import { advisoryUrl } from "./advisory-url.js";
import { escapeHtml as e, safeUrl } from "./escape.js";
import type { PackageGroup } from "./html-model.js";
import { pathText } from "./summary.js";

/** Reference links shown per finding: the rest are one click away on the advisory page. */
const MAX_REFERENCES = 8;
/** Dependency paths shown per package (the scan keeps a few; a hostile input must not make thousands). */
const MAX_PATHS = 10;

/** A link (the page's <base> opens links in a new tab, its referrer policy sends no referrer). */
function link(url: string, text: string, cls?: string): string {
  return `<a${cls ? ` class="${cls}"` : ""} href="${e(url)}">${e(text)}</a>`;
}

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function severityLabel(f: Finding): string {
  return f.severity.score !== undefined
    ? `${f.severity.rating} ${f.severity.score.toFixed(1)}`
    : f.severity.rating;
}

/** What is particular to one finding (this package version): severity vector, fixes for it, suppression. */
function findingNotes(f: Finding): string {
  const { applicable, belowInstalled } = findingFixes(f);
  return [
    f.severity.vector ? `<p><span class="k">Severity</span> <code>${e(f.severity.vector)}</code></p>` : "",
    applicable.length > 0
      ? `<p><span class="k">Fixed in</span> ${e(applicable.join(", "))}</p>`
      : `<p><span class="k">Fixed in</span> no known fix for ${e(f.package.version)}</p>`,
    belowInstalled.length > 0
      ? `<p><span class="k">Fixed on older branches</span> ${e(belowInstalled.join(", "))} (not a fix for ${e(f.package.version)})</p>`
      : "",
    f.suppressed
      ? `<p><span class="k">Suppressed</span> by ${e(f.suppressed.by)} in ${e(f.suppressed.source)}: ${e(f.suppressed.reason)}</p>`
      : "",
    f.approximate
      ? `<p class="warn">The version could not be parsed as a ${e(f.package.ecosystem)} version: the match is approximate.</p>`
      : "",
  ].join("");
}

/**
 * What the advisory says, the same for every package it affects: aliases, its text, references (`safe` keeps
 * http(s) URLs only, see safeUrl), records.
 */
function advisoryText(f: Finding, safe: (url: string) => string | undefined): string {
  const refs = f.references
    .map((r) => ({ type: r.type, url: safe(r.url) }))
    .filter((r): r is { type: string; url: string } => r.url !== undefined)
    .slice(0, MAX_REFERENCES);
  return [
    f.aliases.length > 0
      ? `<p><span class="k">Also known as</span> ${f.aliases.map((a) => link(advisoryUrl(a), a)).join(", ")}</p>`
      : "",
    f.details ? `<div class="text">${e(f.details)}</div>` : "",
    refs.length > 0
      ? `<ul class="refs">${refs.map((r) => `<li><span class="k">${e(r.type.toLowerCase())}</span> ${link(r.url, r.url)}</li>`).join("")}</ul>`
      : "",
    f.records.length > 1 ? `<p><span class="k">Records</span> ${e(f.records.join(", "))}</p>` : "",
  ].join("");
}

/**
 * The details of findings (notes for the package version, then the advisory's text), each distinct one kept
 * once however many findings share it, and put in the page as inert `<script type="text/html">` blocks that
 * the page's script copies into a finding's details when they are opened. With thousands of findings this is
 * most of the report: as raw text the browser neither builds nor lays it out at load. The blocks hold the
 * same escaped markup as the rest of the page: record text has no raw `<`, so it can neither end the block
 * nor start a comment or a script inside it.
 */
export class DetailTexts {
  private readonly ids = new Map<string, string>();
  /** safeUrl's answers: the same references recur in every package an advisory affects. */
  private readonly urls = new Map<string, string | undefined>();
  private readonly safe = (url: string): string | undefined => {
    if (!this.urls.has(url)) this.urls.set(url, safeUrl(url));
    return this.urls.get(url);
  };

  /**
   * The element ids (space-separated) of the blocks holding this finding's details: its notes, then its
   * advisory's text, kept apart because the advisory's text is shared by every package it affects.
   */
  idsFor(f: Finding): string {
    return [this.block(findingNotes(f)), this.block(advisoryText(f, this.safe))].filter(Boolean).join(" ");
  }

  private block(html: string): string {
    if (!html) return "";
    let id = this.ids.get(html);
    if (id === undefined) {
      id = `d${this.ids.size}`;
      this.ids.set(html, id);
    }
    return id;
  }

  /** Every block, once. */
  render(): string {
    return [...this.ids]
      .map(
        ([html, id]) =>
          `<script type="text/html" id="${id}">${html.replace(/<\/script/gi, "&lt;/script")}</script>`,
      )
      .join("\n");
  }
}

/**
 * One vulnerability of a package: a line that reads on its own (severity, id linked to the advisory, summary,
 * aliases and the nearest fix), and a button that shows its details (see DetailTexts). Few elements and no
 * whitespace between them: with 5,000 findings, every node per line is 5,000 nodes to build at load.
 */
function findingItem(f: Finding, texts: DetailTexts): string {
  const rating = f.severity.rating;
  const fix = findingFixes(f).applicable[0];
  const attrs = `data-s="${SEVERITY_RATINGS.indexOf(rating)}"${fix ? ` data-x="1"` : ""}${f.suppressed ? ` data-u="1"` : ""}`;
  const notes = [
    ...(f.suppressed ? ["suppressed"] : []),
    ...(f.aliases.length > 0 ? [f.aliases.slice(0, 3).join(" ")] : []),
    fix ? `fixed in ${fix}` : "no fix",
  ].join(" · ");
  return (
    `<li class="vuln${f.suppressed ? " suppressed" : ""}" ${attrs}>` +
    `<b class="sev sev-${rating}">${e(severityLabel(f))}</b>` +
    link(advisoryUrl(f.id), f.id, "vid") +
    `<span class="vsum">${e(f.summary)}</span><small>${e(notes)}</small>` +
    `<button type="button" class="more" data-a="${texts.idsFor(f)}" aria-expanded="false">Details</button></li>`
  );
}

function fixLine(g: PackageGroup): string {
  const r = g.remediation;
  if (!r) return `<p class="fix">All findings suppressed.</p>`;
  const cls = r.fixVersion ? "fix ok" : "fix none";
  const label = r.fixVersion ? "Fix" : "No fix";
  const advice = r.fixVersion ? r.advice : `no version fixes ${r.unfixed.length === 1 ? "it" : "them"} yet`;
  return `<p class="${cls}"><span class="k">${label}</span> ${e(advice)}</p>`;
}

function where(g: PackageGroup): string {
  const locations = g.locations
    .slice(0, 3)
    .map((l) => (l.line ? `${l.path}:${l.line}` : l.path))
    .join(", ");
  const more = g.locations.length > 3 ? ` and ${g.locations.length - 3} more` : "";
  const paths = g.paths.filter((p) => p.length > 1).slice(0, MAX_PATHS);
  return (
    (locations ? `<p class="loc"><span class="k">Declared in</span> ${e(locations + more)}</p>` : "") +
    (paths.length > 0
      ? `<details class="paths"><summary>${plural(paths.length, "dependency path", "dependency paths")}</summary><ul>${paths
          .map((p) => `<li>${e(pathText(p))}</li>`)
          .join("")}</ul></details>`
      : "")
  );
}

/**
 * One package: name, version, ecosystem, direct or transitive, its fix, where it is declared and how it
 * arrives, and its vulnerabilities. The data attributes are the ranks and flags the page's script filters
 * and sorts by (computed at generation, see packageGroups).
 */
export function packageArticle(g: PackageGroup, index: number, texts: DetailTexts): string {
  const open = g.findings.filter((f) => !f.suppressed).length;
  const directness = g.direct === undefined ? "" : g.direct ? "direct" : "transitive";
  const counts =
    open === g.findings.length
      ? plural(open, "vulnerability", "vulnerabilities")
      : `${plural(open, "vulnerability", "vulnerabilities")}, ${g.findings.length - open} suppressed`;
  const attrs = [
    `id="pkg-${index}"`,
    `data-s="${g.severity}"`,
    `data-sc="${Math.round(g.score * 10)}"`,
    `data-n="${g.rank.name}"`,
    `data-v="${g.rank.version}"`,
    `data-f="${g.rank.fix}"`,
    `data-c="${open}"`,
    g.direct ? `data-d="1"` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const worst = SEVERITY_RATINGS[g.severity % SEVERITY_RATINGS.length];
  return (
    `<article class="pkg" ${attrs}><header class="phead">` +
    `<h3><span class="pname">${e(g.name)}</span> <span class="pver">${e(g.version)}</span></h3>` +
    `<p class="tags"><span class="tag">${e(g.ecosystem)}</span>${directness ? `<span class="tag">${directness}</span>` : ""}` +
    `<span class="tag sev-${worst}">${counts}</span></p></header>` +
    fixLine(g) +
    where(g) +
    `<ul class="vulns">${g.findings.map((f) => findingItem(f, texts)).join("")}</ul></article>`
  );
}
