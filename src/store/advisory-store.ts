import type { SqliteDatabase } from "./sqlite.js";

const SCHEMA_VERSION = "1";

// records: one row per OSV record; json is the record as imported (nulls dropped); match_json is the part
// matching reads (affected packages, ranges, versions), 2-5x smaller to read and parse than the whole record.
// package_index: (ecosystem base, normalised name) -> record, with the release suffix of the entry.
// aliases: ids a record names in `aliases` (kind "alias") or `upstream` (kind "upstream").
// meta: per ecosystem, when and from where it was last updated; `watermark` is the newest `modified`
// seen in that ecosystem's feed (for incremental `db update`).
const DDL = `
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
  id TEXT PRIMARY KEY,
  modified TEXT NOT NULL,
  withdrawn INTEGER NOT NULL,
  match_json TEXT NOT NULL, -- before json: SQLite reads a row's columns in order, through json's overflow pages
  json TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS package_index (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  suffix TEXT NOT NULL,
  record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS package_index_by_package ON package_index (ecosystem, name);
CREATE INDEX IF NOT EXISTS package_index_by_record ON package_index (record_id);
CREATE TABLE IF NOT EXISTS aliases (
  record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  kind TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS aliases_by_alias ON aliases (alias);
CREATE INDEX IF NOT EXISTS aliases_by_record ON aliases (record_id);
CREATE TABLE IF NOT EXISTS meta (
  ecosystem TEXT PRIMARY KEY,
  last_update TEXT NOT NULL,
  source TEXT NOT NULL,
  watermark TEXT
);
`;

/** One row of the package index. */
export interface IndexEntry {
  ecosystem: string;
  name: string;
  suffix: string;
}

/** A record as stored. */
export interface StoredRecord {
  id: string;
  modified: string;
  withdrawn: boolean;
  json: string;
  /** The matching subset of the record (see advisory-store DDL). */
  matchJson: string;
}

/** Per-ecosystem bookkeeping. */
export interface EcosystemMeta {
  ecosystem: string;
  lastUpdate: string;
  source: string;
  watermark?: string;
}

/**
 * The advisory tables and one prepared statement per kind of access. Pure storage: it knows nothing of
 * OSV semantics; the caller decides what to index.
 */
export class AdvisoryStore {
  private readonly stmt;

  constructor(readonly db: SqliteDatabase) {
    db.exec(DDL);
    db.prepare("INSERT OR IGNORE INTO info (key, value) VALUES ('schema_version', ?)").run(SCHEMA_VERSION);
    this.stmt = {
      modifiedOf: db.prepare<[string], { modified: string }>("SELECT modified FROM records WHERE id = ?"),
      get: db.prepare<[string], { json: string }>("SELECT json FROM records WHERE id = ?"),
      matchForPackage: db.prepare<[string, string], { id: string; match_json: string }>(
        `SELECT id, match_json FROM records WHERE id IN
         (SELECT record_id FROM package_index WHERE ecosystem = ? AND name = ?) ORDER BY id`,
      ),
      deleteRecord: db.prepare<[string]>("DELETE FROM records WHERE id = ?"),
      insertRecord: db.prepare<[string, string, number, string, string]>(
        "INSERT INTO records (id, modified, withdrawn, json, match_json) VALUES (?, ?, ?, ?, ?)",
      ),
      insertIndex: db.prepare<[string, string, string, string]>(
        "INSERT INTO package_index (ecosystem, name, suffix, record_id) VALUES (?, ?, ?, ?)",
      ),
      insertAlias: db.prepare<[string, string, string]>(
        "INSERT INTO aliases (record_id, alias, kind) VALUES (?, ?, ?)",
      ),
      // ids only: the caller caches parsed records and reads the JSON of the ones it has not seen
      idsForPackage: db
        .prepare<[string, string], string>(
          "SELECT DISTINCT record_id FROM package_index WHERE ecosystem = ? AND name = ? ORDER BY record_id",
        )
        .pluck(),
      anyRecord: db.prepare<[], { id: string }>("SELECT id FROM records LIMIT 1"),
      namingAlias: db
        .prepare<[string], string>(
          "SELECT DISTINCT record_id FROM aliases WHERE alias = ? ORDER BY record_id",
        )
        .pluck(),
      recordCount: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM records"),
      withdrawnCount: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM records WHERE withdrawn = 1"),
      perEcosystem: db.prepare<[], { ecosystem: string; n: number }>(
        "SELECT ecosystem, COUNT(DISTINCT record_id) AS n FROM package_index GROUP BY ecosystem ORDER BY ecosystem",
      ),
      meta: db.prepare<
        [],
        { ecosystem: string; last_update: string; source: string; watermark: string | null }
      >("SELECT ecosystem, last_update, source, watermark FROM meta ORDER BY ecosystem"),
      setMeta: db.prepare<[string, string, string, string | null]>(
        `INSERT INTO meta (ecosystem, last_update, source, watermark) VALUES (?, ?, ?, ?)
         ON CONFLICT (ecosystem) DO UPDATE SET last_update = excluded.last_update, source = excluded.source,
         watermark = COALESCE(excluded.watermark, meta.watermark)`,
      ),
    };
  }

  /** The stored `modified` of a record, or undefined when absent. */
  modifiedOf(id: string): string | undefined {
    return this.stmt.modifiedOf.get(id)?.modified;
  }

  /** The whole record's JSON. */
  json(id: string): string | undefined {
    return this.stmt.get.get(id)?.json;
  }

  /** Id and matching-subset JSON of every record indexed under (ecosystem base, normalised name), by id. */
  matchJsonForPackage(ecosystem: string, name: string): { id: string; match_json: string }[] {
    return this.stmt.matchForPackage.all(ecosystem, name);
  }

  /** Replaces a record (and its index and alias rows) with the given content. */
  put(record: StoredRecord, index: IndexEntry[], aliases: { alias: string; kind: string }[]): void {
    this.stmt.deleteRecord.run(record.id);
    this.stmt.insertRecord.run(
      record.id,
      record.modified,
      record.withdrawn ? 1 : 0,
      record.json,
      record.matchJson,
    );
    const seen = new Set<string>();
    for (const e of index) {
      const key = `${e.ecosystem}\u0000${e.name}\u0000${e.suffix}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.stmt.insertIndex.run(e.ecosystem, e.name, e.suffix, record.id);
    }
    for (const a of aliases) this.stmt.insertAlias.run(record.id, a.alias, a.kind);
  }

  /** The ids of every record indexed under (ecosystem base, normalised name). */
  idsForPackage(ecosystem: string, name: string): string[] {
    return this.stmt.idsForPackage.all(ecosystem, name);
  }

  /** Ids of the records that name `alias` in `aliases` or `upstream`. */
  idsNamingAlias(alias: string): string[] {
    return this.stmt.namingAlias.all(alias);
  }

  isEmpty(): boolean {
    return this.stmt.anyRecord.get() === undefined;
  }

  counts(): { records: number; withdrawn: number; perEcosystem: { ecosystem: string; records: number }[] } {
    return {
      records: this.stmt.recordCount.get()?.n ?? 0,
      withdrawn: this.stmt.withdrawnCount.get()?.n ?? 0,
      perEcosystem: this.stmt.perEcosystem.all().map((r) => ({ ecosystem: r.ecosystem, records: r.n })),
    };
  }

  meta(): EcosystemMeta[] {
    return this.stmt.meta.all().map((m) => ({
      ecosystem: m.ecosystem,
      lastUpdate: m.last_update,
      source: m.source,
      ...(m.watermark ? { watermark: m.watermark } : {}),
    }));
  }

  /** Records an update of an ecosystem; a null watermark keeps the previous one. */
  setMeta(ecosystem: string, lastUpdate: string, source: string, watermark?: string): void {
    this.stmt.setMeta.run(ecosystem, lastUpdate, source, watermark ?? null);
  }
}
