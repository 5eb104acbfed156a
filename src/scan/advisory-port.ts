import type { OsvAffected, OsvRecord } from "../model/osv.js";

/** A query of the advisory database: one package version (and commit, for git-sourced packages). */
export interface AdvisoryQuery {
  ecosystem: string;
  name: string;
  version: string;
  commit?: string;
}

/** One record affecting a queried version, with the affected entries that matched. */
export interface AdvisoryMatchLike {
  record: OsvRecord;
  affected: OsvAffected[];
  /** True when a version comparison was approximate. */
  approximate: boolean;
}

/**
 * What a scan needs from the advisory database (src/advisories): the database itself and its helper
 * functions, passed in so the scan's logic is tested against the real implementation without hard-wiring it.
 */
export interface AdvisoryPort {
  query(q: AdvisoryQuery): AdvisoryMatchLike[];
  recordsFor(ecosystem: string, name: string): OsvRecord[];
  groupAliases(records: OsvRecord[]): { primary: string; ids: string[]; records: OsvRecord[] }[];
  fixedVersions(record: OsvRecord, ecosystem: string, name: string): string[];
  isAffected(record: OsvRecord, q: AdvisoryQuery): boolean;
}
