import type { AdvisoryQuery } from "../advisories/matcher.js";
import { fixedVersions } from "../advisories/matcher.js";
import type { AdvisoryMatch } from "../advisories/ports.js";
import { prepareRange } from "../advisories/range-evaluation.js";
import { recordSummary } from "../advisories/record-text.js";
import { versionScheme } from "../ecosystems/index.js";
import type { OsvAffected, OsvRange } from "../model/osv.js";
import { terminalText } from "./terminal-text.js";

/** One matched advisory as `bulwark query --format json` prints it. */
export interface QueryResultVuln {
  id: string;
  modified: string;
  aliases: string[];
  /** The record's summary, or the first sentence of its details when it has none (PYSEC records). */
  summary?: string;
  /** The record's entries for the queried package: package and ranges (enumerated `versions` lists omitted). */
  affected: { package?: OsvAffected["package"]; ranges: OsvRange[] }[];
  /** Versions that fix it, sorted by the ecosystem's ordering. */
  fixed: string[];
  /**
   * True when a comparison was approximate: the queried version is not valid for the ecosystem (compared by
   * the fallback ordering), or the record's ranges hold values the ecosystem cannot order (`unorderable`).
   */
  approximate: boolean;
  /** Values of the matching ranges that the ecosystem cannot order (e.g. a `fixed` of "7.0.36, 8.2.13"). */
  unorderable?: string[];
}

/** The JSON document of `bulwark query`. */
export interface QueryResult {
  query: AdvisoryQuery;
  vulns: QueryResultVuln[];
}

/** Shapes matches for output. */
export function queryResult(query: AdvisoryQuery, matches: AdvisoryMatch[]): QueryResult {
  const scheme = versionScheme(query.ecosystem);
  return {
    query,
    vulns: matches.map((m) => {
      const summary = recordSummary(m.record);
      const unorderable = [
        ...new Set(
          m.affected.flatMap((a) =>
            (a.ranges ?? [])
              .filter((r) => r?.type !== "GIT")
              .flatMap((r) => prepareRange(r, scheme).approximated),
          ),
        ),
      ];
      return {
        id: m.record.id,
        modified: m.record.modified,
        aliases: m.record.aliases ?? [],
        ...(summary ? { summary } : {}),
        affected: m.affected.map((a) => ({ package: a.package, ranges: a.ranges ?? [] })),
        fixed: fixedVersions(m.record, query.ecosystem, query.name),
        approximate: m.approximate,
        ...(m.approximate && unorderable.length > 0 ? { unorderable } : {}),
      };
    }),
  };
}

/**
 * A plain-text table of a query result, one advisory a line. Every text from a record or the query is
 * escaped for the terminal (terminalText).
 */
export function formatQueryTable(result: QueryResult): string {
  const { query } = result;
  const what = terminalText(
    `${query.ecosystem} ${query.name} ${query.version}${query.commit ? ` (commit ${query.commit})` : ""}`,
  );
  if (result.vulns.length === 0) return `No known advisories for ${what}.`;
  const rows = [
    ["ID", "ALIASES", "FIXED IN", "SUMMARY"],
    ...result.vulns.map((v) => [
      terminalText(v.id) + (v.approximate ? " (approx.)" : ""),
      terminalText(v.aliases.join(", ")) || "-",
      terminalText(v.fixed.join(", ")) || "no fix",
      terminalText(oneLine(v.summary ?? "")),
    ]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell))
      .join("  ")
      .trimEnd(),
  );
  const notes: string[] = [];
  const approximate = result.vulns.filter((v) => v.approximate);
  if (approximate.length > 0 && !versionScheme(query.ecosystem).isValid(query.version))
    notes.push(
      `(approx.: "${terminalText(query.version)}" is not a valid ${terminalText(query.ecosystem)} version; compared by the generic fallback ordering)`,
    );
  for (const v of approximate)
    if (v.unorderable?.length)
      notes.push(
        `(approx. ${terminalText(v.id)}: its ranges hold ${terminalText(v.unorderable.map((u) => JSON.stringify(u)).join(", "))}, which ${terminalText(query.ecosystem)} cannot order; the range is left open there)`,
      );
  const approx = notes.map((n) => `\n${n}`).join("");
  return `${result.vulns.length} advisor${result.vulns.length === 1 ? "y" : "ies"} for ${what}:\n${lines.join("\n")}${approx}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
