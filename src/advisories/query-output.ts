import type { OsvAffected, OsvRange } from "../model/osv.js";
import type { AdvisoryMatch } from "./database.js";
import type { AdvisoryQuery } from "./matcher.js";
import { fixedVersions } from "./matcher.js";

/** One matched advisory as `bulwark query --format json` prints it. */
export interface QueryResultVuln {
  id: string;
  modified: string;
  aliases: string[];
  summary?: string;
  /** The record's entries for the queried package: package and ranges (enumerated `versions` lists omitted). */
  affected: { package?: OsvAffected["package"]; ranges: OsvRange[] }[];
  /** Versions that fix it, sorted by the ecosystem's ordering. */
  fixed: string[];
  /** True when the queried version was not valid for the ecosystem and compared by the fallback ordering. */
  approximate: boolean;
}

/** The JSON document of `bulwark query`. */
export interface QueryResult {
  query: AdvisoryQuery;
  vulns: QueryResultVuln[];
}

/** Shapes matches for output. */
export function queryResult(query: AdvisoryQuery, matches: AdvisoryMatch[]): QueryResult {
  return {
    query,
    vulns: matches.map((m) => ({
      id: m.record.id,
      modified: m.record.modified,
      aliases: m.record.aliases ?? [],
      ...(m.record.summary ? { summary: m.record.summary } : {}),
      affected: m.affected.map((a) => ({ package: a.package, ranges: a.ranges ?? [] })),
      fixed: fixedVersions(m.record, query.ecosystem, query.name),
      approximate: m.approximate,
    })),
  };
}

/** A plain-text table of a query result, one advisory a line. */
export function formatQueryTable(result: QueryResult): string {
  const { query } = result;
  const what = `${query.ecosystem} ${query.name} ${query.version}${query.commit ? ` (commit ${query.commit})` : ""}`;
  if (result.vulns.length === 0) return `No known advisories for ${what}.`;
  const rows = [
    ["ID", "ALIASES", "FIXED IN", "SUMMARY"],
    ...result.vulns.map((v) => [
      v.id + (v.approximate ? " (approx.)" : ""),
      v.aliases.join(", ") || "-",
      v.fixed.join(", ") || "no fix",
      oneLine(v.summary ?? ""),
    ]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell))
      .join("  ")
      .trimEnd(),
  );
  const approx = result.vulns.some((v) => v.approximate)
    ? `\n(approx.: "${query.version}" is not a valid ${query.ecosystem} version; compared by the generic fallback ordering)`
    : "";
  return `${result.vulns.length} advisor${result.vulns.length === 1 ? "y" : "ies"} for ${what}:\n${lines.join("\n")}${approx}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
