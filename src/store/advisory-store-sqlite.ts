import { stat } from "node:fs/promises";
import type {
  AdvisoryStorage,
  EcosystemMeta,
  IndexEntry,
  IsNewer,
  PutOutcome,
  StorageCounts,
  StoredRecord,
} from "./advisory-store.js";
import { AdvisoryStoreError, storeErrorFrom } from "./advisory-store-errors.js";
import { openSqlite, type SqliteDatabase } from "./sqlite.js";

/** The schema this code writes. Version 1 files (no `packages`, `ecosystem_data`) are read as they are. */
const SCHEMA_VERSION = 2;

// records: one row per OSV record; json is the whole record, match_json the part matching reads.
// package_index: (ecosystem base, normalised name) -> record, with the release suffix of the entry.
// packages: how many records each (ecosystem, name) has in package_index. Kept by every write and compared
//   with what a lookup returns: two independent structures must agree, so a damaged index page that silently
//   loses rows is noticed instead of answering "no advisories".
// aliases: ids a record names in `aliases` (kind "alias") or `upstream` (kind "upstream").
// meta: per ecosystem, when and from where it was last updated, and the feed's watermark.
// ecosystem_data: per ecosystem, the newest `modified` ever written (how fresh the data is).
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
CREATE TABLE IF NOT EXISTS packages (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  records INTEGER NOT NULL,
  PRIMARY KEY (ecosystem, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ecosystem_data (
  ecosystem TEXT PRIMARY KEY,
  newest_modified TEXT NOT NULL
) WITHOUT ROWID;
`;

/** Fills the version-2 tables of a version-1 file from its package index and records. */
const MIGRATE_1_TO_2 = `
INSERT OR REPLACE INTO packages (ecosystem, name, records)
  SELECT ecosystem, name, COUNT(DISTINCT record_id) FROM package_index GROUP BY ecosystem, name;
INSERT OR REPLACE INTO ecosystem_data (ecosystem, newest_modified)
  SELECT i.ecosystem, MAX(r.modified) FROM package_index i JOIN records r ON r.id = i.record_id GROUP BY i.ecosystem;
`;

/**
 * Opens (mode "write": creates, or upgrades from schema 1) the SQLite advisory storage at `path`. Mode
 * "read" opens read-only and changes nothing on disk. SQLite failures become AdvisoryStoreErrors naming the
 * file (corrupt, read-only, locked, ...); a file without Bulwark's tables is refused as not an advisory
 * database, and one written by a newer schema as STORE_SCHEMA_NEWER.
 */
export async function openSqliteAdvisoryStorage(
  path: string,
  mode: "read" | "write",
): Promise<AdvisoryStorage> {
  let db: SqliteDatabase;
  try {
    db = await openSqlite(path, mode);
  } catch (error) {
    throw storeErrorFrom(error, path, "opening");
  }
  if (mode === "write" && db.readonly) {
    // SQLite opens a file it may not write read-only without a word; a writer must know now, not at commit
    db.close();
    throw new AdvisoryStoreError(
      `the advisory database ${path} cannot be written (read-only file or folder)`,
      {
        code: "ADVISORY_DB_READ_ONLY",
        details: { path },
        hint: "write with a user that may change the file and its folder, or work on a writable copy",
      },
    );
  }
  try {
    return new SqliteAdvisoryStorage(db, path, mode);
  } catch (error) {
    db.close();
    throw storeErrorFrom(error, path, "opening");
  }
}

class SqliteAdvisoryStorage implements AdvisoryStorage {
  /** A file with no tables at all (created empty): it holds nothing, and reads answer so. */
  private readonly blank: boolean;
  private readonly version: number;
  private readonly stmt: ReturnType<typeof prepareReads>;
  private writes?: ReturnType<typeof prepareWrites>;

  constructor(
    private readonly db: SqliteDatabase,
    readonly location: string,
    private readonly mode: "read" | "write",
  ) {
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all());
    this.blank = tables.size === 0 && mode === "read";
    if (tables.size > 0 && !(tables.has("info") && tables.has("records")))
      throw new AdvisoryStoreError(`${location} is not a Bulwark advisory database (it has other tables)`, {
        details: { path: location },
        hint: "point at the advisory database file, or at a new path to create one",
      });
    this.version = tables.size === 0 ? 0 : schemaVersion(db);
    if (this.version > SCHEMA_VERSION)
      throw new AdvisoryStoreError(
        `${location} was written by a newer Bulwark (advisory schema ${this.version}; this one reads up to ${SCHEMA_VERSION})`,
        {
          code: "STORE_SCHEMA_NEWER",
          details: { path: location, schema: this.version },
          hint: "upgrade Bulwark, or use another database file",
        },
      );
    if (mode === "write" && this.version < SCHEMA_VERSION) {
      const from = this.version;
      db.transaction(() => {
        db.exec(DDL);
        if (from === 1) db.exec(MIGRATE_1_TO_2);
        db.prepare("INSERT OR REPLACE INTO info (key, value) VALUES ('schema_version', ?)").run(
          String(SCHEMA_VERSION),
        );
      }).immediate();
      this.version = SCHEMA_VERSION;
    }
    this.stmt = this.blank ? (undefined as never) : prepareReads(db, this.version >= 2);
  }

  private run<T>(during: string, work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(storeErrorFrom(error, this.location, during));
    }
  }

  matchRows(ecosystem: string, name: string): Promise<{ id: string; matchJson: string }[]> {
    if (this.blank) return Promise.resolve([]);
    return this.run("reading", () => {
      const rows = this.stmt.matchRows.all(ecosystem, name);
      const expected = this.stmt.packageCount
        ? (this.stmt.packageCount.get(ecosystem, name) ?? 0)
        : undefined;
      if (expected !== undefined && expected !== rows.length)
        throw new AdvisoryStoreError(
          `the advisory database ${this.location} is damaged: ${ecosystem} ${name} should have ${expected} records and ${rows.length} were found`,
          {
            code: "ADVISORY_DB_CORRUPT",
            details: { path: this.location, ecosystem, name, expected, found: rows.length },
            hint: "rebuild it (import or update into a new file, then replace this one); its answers cannot be trusted",
          },
        );
      return rows.map((r) => ({ id: r.id, matchJson: r.match_json }));
    });
  }

  packageRecordIds(ecosystem: string, name: string): Promise<string[]> {
    if (this.blank) return Promise.resolve([]);
    return this.run("reading", () => this.stmt.idsForPackage.all(ecosystem, name));
  }

  recordJson(ids: readonly string[]): Promise<Map<string, string>> {
    if (this.blank) return Promise.resolve(new Map());
    return this.run("reading", () => {
      const out = new Map<string, string>();
      for (const id of ids) {
        const json = this.stmt.json.get(id);
        if (json !== undefined) out.set(id, json);
      }
      return out;
    });
  }

  idsNamingAlias(alias: string): Promise<string[]> {
    if (this.blank) return Promise.resolve([]);
    return this.run("reading", () => this.stmt.namingAlias.all(alias));
  }

  isEmpty(): Promise<boolean> {
    if (this.blank) return Promise.resolve(true);
    return this.run("reading", () => this.stmt.anyRecord.get() === undefined);
  }

  counts(): Promise<StorageCounts> {
    if (this.blank) return Promise.resolve({ records: 0, withdrawn: 0, perEcosystem: [] });
    return this.run("reading", () => {
      const newest = new Map((this.stmt.newest?.all() ?? []).map((r) => [r.ecosystem, r.newest_modified]));
      return {
        records: this.stmt.recordCount.get() ?? 0,
        withdrawn: this.stmt.withdrawnCount.get() ?? 0,
        perEcosystem: this.stmt.perEcosystem.all().map((r) => {
          const newestModified = newest.get(r.ecosystem);
          return { ecosystem: r.ecosystem, records: r.n, ...(newestModified ? { newestModified } : {}) };
        }),
      };
    });
  }

  meta(): Promise<EcosystemMeta[]> {
    if (this.blank) return Promise.resolve([]);
    return this.run("reading", () =>
      this.stmt.meta.all().map((m) => ({
        ecosystem: m.ecosystem,
        lastUpdate: m.last_update,
        source: m.source,
        ...(m.watermark ? { watermark: m.watermark } : {}),
      })),
    );
  }

  async sizeBytes(): Promise<number | undefined> {
    let total = 0;
    for (const file of [this.location, `${this.location}-wal`, `${this.location}-journal`]) {
      try {
        total += (await stat(file)).size;
      } catch {
        // absent: nothing to add
      }
    }
    return total;
  }

  check(): Promise<string[]> {
    if (this.blank) return Promise.resolve([]);
    return this.run("checking", () => {
      const problems = this.db
        .prepare("PRAGMA integrity_check(100)")
        .pluck()
        .all()
        .filter((line) => line !== "ok") as string[];
      if (this.version >= 2) {
        const mismatched = this.db
          .prepare<[], { ecosystem: string; name: string; stored: number | null; found: number | null }>(
            `SELECT p.ecosystem, p.name, p.records AS stored, i.n AS found
               FROM packages p LEFT JOIN (SELECT ecosystem, name, COUNT(DISTINCT record_id) AS n
                 FROM package_index GROUP BY ecosystem, name) i ON i.ecosystem = p.ecosystem AND i.name = p.name
              WHERE i.n IS NULL OR i.n != p.records
             UNION ALL
             SELECT i.ecosystem, i.name, NULL, COUNT(DISTINCT i.record_id) FROM package_index i
              WHERE NOT EXISTS (SELECT 1 FROM packages p WHERE p.ecosystem = i.ecosystem AND p.name = i.name)
              GROUP BY i.ecosystem, i.name
             LIMIT 100`,
          )
          .all();
        for (const m of mismatched)
          problems.push(
            `package ${m.ecosystem} ${m.name}: ${m.stored ?? 0} records counted, ${m.found ?? 0} in the index`,
          );
      }
      return problems;
    });
  }

  write(
    records: readonly StoredRecord[],
    meta: readonly EcosystemMeta[],
    isNewer: IsNewer,
  ): Promise<PutOutcome[]> {
    if (this.mode !== "write")
      return Promise.reject(
        new AdvisoryStoreError(`the advisory database ${this.location} was opened for reading only`, {
          code: "ADVISORY_DB_READ_ONLY",
          details: { path: this.location },
        }),
      );
    this.writes ??= prepareWrites(this.db);
    const w = this.writes;
    return this.run("writing", () =>
      this.db
        .transaction(() => {
          const outcomes: PutOutcome[] = [];
          const touched = new Map<string, IndexEntry>();
          const newest = new Map<string, string>();
          for (const record of records) {
            const stored = w.modifiedOf.get(record.id);
            if (stored !== undefined && !isNewer(record.modified, stored)) {
              outcomes.push({ outcome: "skipped" });
              continue;
            }
            let previous: IndexEntry[] = [];
            if (stored !== undefined) {
              previous = w.indexOf.all(record.id);
              w.deleteRecord.run(record.id);
            }
            w.insertRecord.run(
              record.id,
              record.modified,
              record.withdrawn ? 1 : 0,
              record.matchJson,
              record.json,
            );
            const seen = new Set<string>();
            for (const e of record.packages) {
              const key = `${e.ecosystem}\u0000${e.name}\u0000${e.suffix}`;
              if (seen.has(key)) continue;
              seen.add(key);
              w.insertIndex.run(e.ecosystem, e.name, e.suffix, record.id);
              const known = newest.get(e.ecosystem);
              if (known === undefined || isNewer(record.modified, known))
                newest.set(e.ecosystem, record.modified);
            }
            for (const a of record.aliases) w.insertAlias.run(record.id, a.alias, a.kind);
            for (const e of [...previous, ...record.packages])
              touched.set(`${e.ecosystem}\u0000${e.name}`, e);
            outcomes.push(stored === undefined ? { outcome: "imported" } : { outcome: "replaced", previous });
          }
          for (const { ecosystem, name } of touched.values()) {
            const n = w.countPackage.get(ecosystem, name) ?? 0;
            if (n > 0) w.setPackage.run(ecosystem, name, n);
            else w.deletePackage.run(ecosystem, name);
          }
          for (const [ecosystem, modified] of newest) {
            const stored = w.newestOf.get(ecosystem);
            if (stored === undefined || isNewer(modified, stored)) w.setNewest.run(ecosystem, modified);
          }
          for (const m of meta) w.setMeta.run(m.ecosystem, m.lastUpdate, m.source, m.watermark ?? null);
          return outcomes;
        })
        .immediate(),
    );
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}

function schemaVersion(db: SqliteDatabase): number {
  const value = db.prepare<[], string>("SELECT value FROM info WHERE key = 'schema_version'").pluck().get();
  // Files written before the version row existed are version 1.
  return value === undefined ? 1 : Number(value) || 1;
}

function prepareReads(db: SqliteDatabase, v2: boolean) {
  return {
    matchRows: db.prepare<[string, string], { id: string; match_json: string }>(
      `SELECT id, match_json FROM records WHERE id IN
         (SELECT record_id FROM package_index WHERE ecosystem = ? AND name = ?) ORDER BY id`,
    ),
    packageCount: v2
      ? db
          .prepare<[string, string], number>("SELECT records FROM packages WHERE ecosystem = ? AND name = ?")
          .pluck()
      : undefined,
    idsForPackage: db
      .prepare<[string, string], string>(
        "SELECT DISTINCT record_id FROM package_index WHERE ecosystem = ? AND name = ? ORDER BY record_id",
      )
      .pluck(),
    json: db.prepare<[string], string>("SELECT json FROM records WHERE id = ?").pluck(),
    namingAlias: db
      .prepare<[string], string>("SELECT DISTINCT record_id FROM aliases WHERE alias = ? ORDER BY record_id")
      .pluck(),
    anyRecord: db.prepare<[], { id: string }>("SELECT id FROM records LIMIT 1"),
    recordCount: db.prepare<[], number>("SELECT COUNT(*) FROM records").pluck(),
    withdrawnCount: db.prepare<[], number>("SELECT COUNT(*) FROM records WHERE withdrawn = 1").pluck(),
    perEcosystem: db.prepare<[], { ecosystem: string; n: number }>(
      "SELECT ecosystem, COUNT(DISTINCT record_id) AS n FROM package_index GROUP BY ecosystem ORDER BY ecosystem",
    ),
    newest: v2
      ? db.prepare<[], { ecosystem: string; newest_modified: string }>(
          "SELECT ecosystem, newest_modified FROM ecosystem_data",
        )
      : undefined,
    meta: db.prepare<
      [],
      { ecosystem: string; last_update: string; source: string; watermark: string | null }
    >("SELECT ecosystem, last_update, source, watermark FROM meta ORDER BY ecosystem"),
  };
}

function prepareWrites(db: SqliteDatabase) {
  return {
    modifiedOf: db.prepare<[string], string>("SELECT modified FROM records WHERE id = ?").pluck(),
    indexOf: db.prepare<[string], IndexEntry>(
      "SELECT DISTINCT ecosystem, name, suffix FROM package_index WHERE record_id = ? ORDER BY ecosystem, name, suffix",
    ),
    deleteRecord: db.prepare<[string]>("DELETE FROM records WHERE id = ?"),
    insertRecord: db.prepare<[string, string, number, string, string]>(
      "INSERT INTO records (id, modified, withdrawn, match_json, json) VALUES (?, ?, ?, ?, ?)",
    ),
    insertIndex: db.prepare<[string, string, string, string]>(
      "INSERT INTO package_index (ecosystem, name, suffix, record_id) VALUES (?, ?, ?, ?)",
    ),
    insertAlias: db.prepare<[string, string, string]>(
      "INSERT INTO aliases (record_id, alias, kind) VALUES (?, ?, ?)",
    ),
    countPackage: db
      .prepare<[string, string], number>(
        "SELECT COUNT(DISTINCT record_id) FROM package_index WHERE ecosystem = ? AND name = ?",
      )
      .pluck(),
    setPackage: db.prepare<[string, string, number]>(
      "INSERT OR REPLACE INTO packages (ecosystem, name, records) VALUES (?, ?, ?)",
    ),
    deletePackage: db.prepare<[string, string]>("DELETE FROM packages WHERE ecosystem = ? AND name = ?"),
    newestOf: db
      .prepare<[string], string>("SELECT newest_modified FROM ecosystem_data WHERE ecosystem = ?")
      .pluck(),
    setNewest: db.prepare<[string, string]>(
      "INSERT OR REPLACE INTO ecosystem_data (ecosystem, newest_modified) VALUES (?, ?)",
    ),
    setMeta: db.prepare<[string, string, string, string | null]>(
      `INSERT INTO meta (ecosystem, last_update, source, watermark) VALUES (?, ?, ?, ?)
       ON CONFLICT (ecosystem) DO UPDATE SET last_update = excluded.last_update, source = excluded.source,
       watermark = COALESCE(excluded.watermark, meta.watermark)`,
    ),
  };
}
