/**
 * The storage behind the advisory database: rows, not OSV. The advisories module (src/advisories/database.ts)
 * decides what a record's rows are and does all matching; a storage only keeps rows, finds them by key and
 * writes them atomically. Implementations: SQLite (advisory-store-sqlite.ts), memory
 * (advisory-store-memory.ts); PostgreSQL later. All of them pass the contract suite in
 * advisory-store.contract.test.ts. Every method may be called concurrently; `write` is one short transaction.
 */

/** One row of the package index: a package a record names, by ecosystem base and normalised name. */
export interface IndexEntry {
  ecosystem: string;
  name: string;
  /** The release suffix of the record's entry ("12" of "Debian:12"), "" for none. */
  suffix: string;
}

/** An id a record names in `aliases` (kind "alias") or `upstream` (kind "upstream"). */
export interface AliasEntry {
  alias: string;
  kind: "alias" | "upstream";
}

/** One record as stored. */
export interface StoredRecord {
  id: string;
  /** The record's `modified`, as written in it. */
  modified: string;
  withdrawn: boolean;
  /** The whole record as JSON text. */
  json: string;
  /** The part of the record matching reads, as JSON text (several times smaller to read and parse). */
  matchJson: string;
  /** The packages the record names; duplicates are allowed and kept once. */
  packages: IndexEntry[];
  aliases: AliasEntry[];
}

/** Per-ecosystem update bookkeeping. */
export interface EcosystemMeta {
  ecosystem: string;
  /** When the ecosystem was last imported or updated (ISO 8601). */
  lastUpdate: string;
  /** Where from (a URL or a path). */
  source: string;
  /** Newest `modified` of the ecosystem's feed at that update; absent in a write keeps the stored one. */
  watermark?: string;
}

/** What the stored data amounts to. */
export interface StorageCounts {
  records: number;
  withdrawn: number;
  /** Per ecosystem base: records naming it, and the newest `modified` among them (all records ever written). */
  perEcosystem: { ecosystem: string; records: number; newestModified?: string }[];
}

/** What a write did with one offered record. `previous` lists the packages a replaced record used to name. */
export type PutOutcome =
  | { outcome: "imported" }
  | { outcome: "replaced"; previous: IndexEntry[] }
  | { outcome: "skipped" };

/**
 * Decides whether an offered `modified` is newer than a stored one. The storage applies it inside its
 * transaction, so the decision and the write cannot be separated by another writer.
 */
export type IsNewer = (offered: string, stored: string) => boolean;

/** The storage contract. */
export interface AdvisoryStorage {
  /** Where the data lives, for people: a file path, a database URL without credentials, "memory". */
  readonly location: string;

  /** Id and matching JSON of every record indexed under (ecosystem base, normalised name), ordered by id. */
  matchRows(ecosystem: string, name: string): Promise<{ id: string; matchJson: string }[]>;
  /** Ids of every record indexed under (ecosystem base, normalised name), ordered by id. */
  packageRecordIds(ecosystem: string, name: string): Promise<string[]>;
  /** The whole-record JSON of each id that exists (absent ids are left out). */
  recordJson(ids: readonly string[]): Promise<Map<string, string>>;
  /** Ids of the records naming `alias` in `aliases` or `upstream`, ordered by id. */
  idsNamingAlias(alias: string): Promise<string[]>;
  isEmpty(): Promise<boolean>;
  counts(): Promise<StorageCounts>;
  meta(): Promise<EcosystemMeta[]>;
  /** Bytes used, where that means something (undefined otherwise). */
  sizeBytes(): Promise<number | undefined>;
  /** A full consistency check of the stored data: the problems found, [] when sound. May take a while. */
  check(): Promise<string[]>;

  /**
   * One atomic write. Offers `records` in order: a record replaces the stored one with the same id (and its
   * package and alias rows) when there is none or `isNewer(offered, stored)`; otherwise it is skipped. Records
   * offered earlier in the same call count as stored. Then upserts `meta`. All of it or, on any error, none.
   * Returns one outcome per offered record, in order.
   */
  write(
    records: readonly StoredRecord[],
    meta: readonly EcosystemMeta[],
    isNewer: IsNewer,
  ): Promise<PutOutcome[]>;

  close(): Promise<void>;
}
