import type { OsvRecord } from "../model/osv.js";

/** Records that describe one vulnerability, under one primary id. */
export interface AliasGroup {
  /** The id to report the vulnerability under (see primaryId). */
  primary: string;
  /** Every id of the vulnerability: the records' ids and the aliases they name, sorted. */
  ids: string[];
  records: OsvRecord[];
}

// Database-native ids first, in this order; other prefixes next (alphabetically); CVE last, since a CVE id is
// the alias every database shares and the native record carries the package-specific ranges.
const PREFIX_RANK = ["GHSA", "PYSEC", "GO", "RUSTSEC"];

function rank(id: string): number {
  const prefix = id.split("-")[0] ?? "";
  if (prefix === "CVE") return PREFIX_RANK.length + 1;
  const i = PREFIX_RANK.indexOf(prefix);
  return i >= 0 ? i : PREFIX_RANK.length;
}

/** Orders ids by preference as a primary id: rank, then alphabetically. */
export function compareIdPreference(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    // iterative with path compression: long alias chains must not overflow the stack
    let root = x;
    for (let next = this.parent.get(root); next !== undefined && next !== root; next = this.parent.get(root))
      root = next;
    if (!this.parent.has(root)) this.parent.set(root, root);
    for (let node = x; node !== root; ) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

/**
 * Groups records that name each other, with union-find over ids. Edges:
 * - every id in `aliases` (by the OSV specification an alias IS the same vulnerability);
 * - `upstream` only when a record has exactly ONE upstream id: then it is a downstream rebuild of that one
 *   flaw (a DSA or RHSA for one CVE). A record with several upstream ids bundles several flaws (a USN
 *   fixing ten CVEs); linking it would glue unrelated vulnerabilities together, so it stays on its own.
 * Records sharing an id count once (the newest `modified`). The primary id is the group's most preferred RECORD id (never a bare alias): GHSA, PYSEC, GO, RUSTSEC,
 * other database prefixes, then CVE; ties alphabetically. Groups are sorted by primary id.
 */
export function groupAliases(records: OsvRecord[]): AliasGroup[] {
  const uf = new UnionFind();
  // one record per id (the newest `modified`): the same record read from two sources is one record
  const byId = new Map<string, OsvRecord>();
  for (const r of records) {
    if (!r || typeof r.id !== "string") continue;
    const seen = byId.get(r.id);
    if (!seen || String(r.modified) > String(seen.modified)) byId.set(r.id, r);
  }
  const valid = [...byId.values()];
  for (const record of valid) {
    uf.find(record.id);
    for (const alias of strings(record.aliases)) uf.union(record.id, alias);
    const upstream = strings(record.upstream);
    if (upstream.length === 1) uf.union(record.id, upstream[0]!);
  }
  const byRoot = new Map<string, { ids: Set<string>; records: OsvRecord[] }>();
  for (const record of valid) {
    const root = uf.find(record.id);
    let group = byRoot.get(root);
    if (!group) {
      group = { ids: new Set(), records: [] };
      byRoot.set(root, group);
    }
    group.records.push(record);
    group.ids.add(record.id);
    for (const alias of strings(record.aliases)) group.ids.add(alias);
    const upstream = strings(record.upstream);
    if (upstream.length === 1) group.ids.add(upstream[0]!);
  }
  return [...byRoot.values()]
    .map(({ ids, records: members }) => ({
      primary: members.map((r) => r.id).sort(compareIdPreference)[0]!,
      ids: [...ids].sort(),
      records: members,
    }))
    .sort((a, b) => (a.primary < b.primary ? -1 : a.primary > b.primary ? 1 : 0));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v !== "") : [];
}
