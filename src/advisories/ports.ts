import type { OsvAffected, OsvRecord } from "../model/osv.js";
import type { AdvisoryQuery } from "./matcher.js";

/**
 * The advisory database as use-cases see it: an async reader and a separate writer, passed in by the
 * composition root (the CLI or the server). SQLite, PostgreSQL and in-memory implementations fulfil the same
 * contract. Pure logic (range evaluation, alias groups, fixed versions) is not routed through these ports:
 * it is imported directly from matcher.ts and aliases.ts.
 */

/** A record that affects a queried package version, and why. */
export interface AdvisoryMatch {
  id: string;
  modified: string;
  /** The whole record. */
  record: OsvRecord;
  /** The record's `affected` entries that include the version. */
  affected: OsvAffected[];
  /** A version could not be parsed by the ecosystem's scheme and was ordered by the generic fallback. */
  approximate: boolean;
}

/** Per-ecosystem facts about the stored data. */
export interface EcosystemStatus {
  ecosystem: string;
  records: number;
  /** When Bulwark last imported or updated this ecosystem (ISO 8601). */
  lastUpdate?: string;
  /** Where it came from (a URL or "import"). */
  source?: string;
  /** The newest `modified` among the ecosystem's records: how fresh the data is, not when it was loaded. */
  newestModified?: string;
}

/** What `bulwark db status` and a scan's coverage report show. */
export interface AdvisoryStatus {
  /** Where the data lives (a file path, a database URL without credentials, "memory"). */
  location: string;
  /** Bytes on disk, where that means something. */
  sizeBytes?: number;
  records: number;
  withdrawn: number;
  ecosystems: EcosystemStatus[];
}

/** Reads advisories. Every method is safe to call concurrently. */
export interface AdvisoryReader {
  /** Records affecting this package version (withdrawn excluded), in id order, each with why it matched. */
  query(q: AdvisoryQuery): Promise<AdvisoryMatch[]>;
  /**
   * For each query, in order: the ids and modified times of the records affecting its version, without whole
   * records (querybatch), in id order. The lists may be shared with later answers: do not modify them.
   */
  matchingIds(queries: readonly AdvisoryQuery[]): Promise<(readonly { id: string; modified: string }[])[]>;
  /**
   * Every record indexed under (ecosystem, normalised name), withdrawn ones included (check `withdrawn`);
   * the ecosystem's release suffix is ignored. For remediation (fixed versions) and reconciliation.
   */
  recordsFor(ecosystem: string, name: string): Promise<OsvRecord[]>;
  get(id: string): Promise<OsvRecord | undefined>;
  /** The record `id` and every record naming it in `aliases` or `upstream` (e.g. all advisories for a CVE). */
  recordsAbout(id: string): Promise<OsvRecord[]>;
  status(): Promise<AdvisoryStatus>;
}

/** What happened to one record offered to the database. */
export type StoreOutcome = "imported" | "replaced" | "skipped";

/** A package an advisory names: ecosystem base (no release suffix) and normalised name. */
export interface PackageKey {
  ecosystem: string;
  name: string;
}

/** What one write did. */
export interface WriteResult {
  imported: number;
  replaced: number;
  skipped: number;
  /** Ids of the records imported or replaced. */
  changed: string[];
  /**
   * Every package named by a changed record, before or after the change (a narrowed or withdrawn record
   * still names the packages it used to affect): what a portfolio must re-match. Deduplicated.
   */
  touched: PackageKey[];
}

/** How an ecosystem was last brought up to date. */
export interface EcosystemUpdate {
  ecosystem: string;
  source: string;
  /** Newest `modified` seen in the ecosystem's feed (incremental `db update`); undefined keeps the old one. */
  watermark?: string;
}

/** Writes advisories. One call is one short transaction: parse and download before calling it. */
export interface AdvisoryWriter {
  /**
   * Offers records (a record replaces the stored one only when its `modified` is newer) and notes ecosystem
   * updates, all or nothing.
   */
  write(records: OsvRecord[], updates?: EcosystemUpdate[]): Promise<WriteResult>;
  /** Per-ecosystem update bookkeeping (watermarks for incremental updates). */
  ecosystemUpdates(): Promise<(EcosystemUpdate & { lastUpdate: string })[]>;
}
