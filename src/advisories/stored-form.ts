import { normalizeName } from "../ecosystems/index.js";
import type { OsvAffected, OsvRecord } from "../model/osv.js";
import type { AliasEntry, IndexEntry, StoredRecord } from "../store/advisory-store.js";
import { ecosystemBase } from "./ecosystem-match.js";

/** What matching reads of a record (stored as `matchJson`): several times smaller than the whole record. */
export interface MatchSubset {
  modified: string;
  withdrawn?: boolean;
  affected: OsvAffected[];
}

/** The matching subset of a record: `modified`, `withdrawn` and each entry's package, ranges and versions. */
export function matchSubset(record: OsvRecord): MatchSubset {
  return {
    modified: record.modified,
    ...(record.withdrawn ? { withdrawn: true } : {}),
    affected: (record.affected ?? []).map(({ package: pkg, ranges, versions }) => ({
      package: pkg,
      ranges,
      versions,
    })),
  };
}

/** The packages a record names, keyed by ecosystem base and normalised name, with the entry's release suffix. */
export function indexEntries(record: OsvRecord): IndexEntry[] {
  const rows: IndexEntry[] = [];
  for (const entry of record.affected ?? []) {
    const pkg = entry.package;
    if (!pkg || typeof pkg.ecosystem !== "string" || typeof pkg.name !== "string") continue;
    const base = ecosystemBase(pkg.ecosystem);
    const colon = pkg.ecosystem.indexOf(":");
    rows.push({
      ecosystem: base,
      name: normalizeName(base, pkg.name),
      suffix: colon < 0 ? "" : pkg.ecosystem.slice(colon + 1),
    });
  }
  return rows;
}

function aliasEntries(record: OsvRecord): AliasEntry[] {
  return [
    ...(record.aliases ?? []).map((alias) => ({ alias, kind: "alias" as const })),
    ...(record.upstream ?? []).map((alias) => ({ alias, kind: "upstream" as const })),
  ];
}

/** A record as the storage keeps it. Throws (RangeError) only for records too deeply nested to serialise. */
export function storedForm(record: OsvRecord): StoredRecord {
  return {
    id: record.id,
    modified: record.modified,
    withdrawn: Boolean(record.withdrawn),
    json: JSON.stringify(record),
    matchJson: JSON.stringify(matchSubset(record)),
    packages: indexEntries(record),
    aliases: aliasEntries(record),
  };
}

/**
 * Whether an offered `modified` is newer than a stored one: by instant, and by the text where the instants
 * are equal to the millisecond (sub-millisecond digits) or cannot be read.
 */
export function isNewer(offered: string, stored: string): boolean {
  const a = Date.parse(offered);
  const b = Date.parse(stored);
  if (Number.isNaN(a) || Number.isNaN(b)) return offered > stored;
  return a !== b ? a > b : offered > stored;
}
