import { stat } from "node:fs/promises";
import { reasonOf } from "../model/errors.js";
import { openSqlite, type SqliteDatabase } from "../store/sqlite.js";
import { ExploitDataError } from "./errors.js";
import {
  CVE_ID,
  type EpssScore,
  type EpssScores,
  type ExploitDataStatus,
  type ExploitDataStore,
  type ExploitFacts,
  type KevCatalogue,
  type KevEntry,
} from "./exploit-data.js";

/** Version of the tables below; a file written by a newer Bulwark is refused. */
const SCHEMA_VERSION = 1;

// Own tables inside the advisory database file, prefixed so that they never meet the advisory store's.
const DDL = `
CREATE TABLE IF NOT EXISTS exploit_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kev_entries (cve_id TEXT PRIMARY KEY, entry_json TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS epss_scores (
  cve_id TEXT PRIMARY KEY, epss REAL NOT NULL, percentile REAL NOT NULL
) WITHOUT ROWID;
`;

/** Ids asked per statement (SQLite's default limit on parameters is far above this). */
const LOOKUP_CHUNK = 500;

/**
 * Opens the KEV and EPSS tables inside the advisory database at `path`. `write` creates the tables (the file
 * must already be an advisory database: exploit data enriches advisories, and a file holding only these
 * tables would not be one); `read` reads what is there, and a database without the tables holds nothing.
 */
export async function openSqliteExploitStore(
  path: string,
  mode: "read" | "write",
): Promise<ExploitDataStore> {
  if (!(await stat(path).catch(() => undefined)))
    throw new ExploitDataError(`there is no advisory database at ${path}`, {
      code: "ADVISORY_DB_MISSING",
      details: { path },
      hint: "import advisories first: KEV and EPSS data are kept beside them",
    });
  let db: SqliteDatabase;
  try {
    db = await openSqlite(path, mode);
  } catch (error) {
    throw new ExploitDataError(`cannot open ${path}: ${reasonOf(error)}`, {
      code: "ADVISORY_DB_UNUSABLE",
      details: { path },
      cause: error,
    });
  }
  try {
    return new SqliteExploitStore(db, path, mode);
  } catch (error) {
    db.close();
    if (error instanceof ExploitDataError) throw error;
    throw new ExploitDataError(`cannot use ${path}: ${reasonOf(error)}`, {
      code: "ADVISORY_DB_UNUSABLE",
      details: { path },
      cause: error,
    });
  }
}

class SqliteExploitStore implements ExploitDataStore {
  private readonly present: boolean;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly path: string,
    private readonly mode: "read" | "write",
  ) {
    const tables = new Set(
      db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all(),
    );
    if (!(tables.has("info") && tables.has("records")))
      throw new ExploitDataError(`${path} is not a Bulwark advisory database`, {
        code: "ADVISORY_DB_UNUSABLE",
        details: { path },
        hint: "point at the advisory database file (import advisories into it first)",
      });
    this.present = tables.has("exploit_info");
    if (this.present) {
      const version = Number(
        db.prepare<[], string>("SELECT value FROM exploit_info WHERE key = 'schema_version'").pluck().get(),
      );
      if (version > SCHEMA_VERSION)
        throw new ExploitDataError(
          `${path}: its KEV/EPSS tables were written by a newer Bulwark (schema ${version}; this one reads up to ${SCHEMA_VERSION})`,
          { code: "STORE_SCHEMA_NEWER", details: { path, schema: version }, hint: "upgrade Bulwark" },
        );
    }
    if (mode === "write" && !this.present) {
      this.db.transaction(() => {
        this.db.exec(DDL);
        this.setInfo({ schema_version: String(SCHEMA_VERSION) });
      })();
      this.present = true;
    }
  }

  async replaceKev(catalogue: KevCatalogue, importedAt: Date) {
    const previous = (await this.status()).kev?.catalogVersion;
    const insert = this.db.prepare("INSERT INTO kev_entries (cve_id, entry_json) VALUES (?, ?)");
    this.write(() => {
      this.db.exec("DELETE FROM kev_entries");
      for (const e of catalogue.entries) insert.run(e.cveID.toUpperCase(), JSON.stringify(e));
      this.setInfo({
        kev_catalog_version: catalogue.catalogVersion,
        kev_date_released: catalogue.dateReleased,
        kev_entries: String(catalogue.entries.length),
        kev_imported_at: importedAt.toISOString(),
      });
    });
    return { entries: catalogue.entries.length, ...(previous ? { previous } : {}) };
  }

  async replaceEpss(scores: EpssScores, importedAt: Date) {
    const previous = (await this.status()).epss?.scoreDate;
    const insert = this.db.prepare("INSERT INTO epss_scores (cve_id, epss, percentile) VALUES (?, ?, ?)");
    this.write(() => {
      this.db.exec("DELETE FROM epss_scores");
      for (const s of scores.scores) insert.run(s.cve.toUpperCase(), s.epss, s.percentile);
      this.setInfo({
        epss_model_version: scores.modelVersion,
        epss_score_date: scores.scoreDate,
        epss_scores: String(scores.scores.length),
        epss_imported_at: importedAt.toISOString(),
      });
    });
    return { scores: scores.scores.length, ...(previous ? { previous } : {}) };
  }

  async lookup(ids: Iterable<string>): Promise<ExploitFacts> {
    const kev = new Map<string, KevEntry>();
    const epss = new Map<string, EpssScore>();
    const status = await this.status();
    const wanted = [
      ...new Set([...ids].map((id) => id.trim().toUpperCase()).filter((id) => CVE_ID.test(id))),
    ];
    if (!this.present || wanted.length === 0) return { kev, epss, status };
    for (let i = 0; i < wanted.length; i += LOOKUP_CHUNK) {
      const chunk = wanted.slice(i, i + LOOKUP_CHUNK);
      const marks = chunk.map(() => "?").join(",");
      const kevRows = this.db
        .prepare<string[], { cve_id: string; entry_json: string }>(
          `SELECT cve_id, entry_json FROM kev_entries WHERE cve_id IN (${marks})`,
        )
        .all(...chunk);
      for (const row of kevRows) kev.set(row.cve_id, JSON.parse(row.entry_json) as KevEntry);
      const epssRows = this.db
        .prepare<string[], { cve_id: string; epss: number; percentile: number }>(
          `SELECT cve_id, epss, percentile FROM epss_scores WHERE cve_id IN (${marks})`,
        )
        .all(...chunk);
      for (const row of epssRows)
        epss.set(row.cve_id, { cve: row.cve_id, epss: row.epss, percentile: row.percentile });
    }
    return { kev, epss, status };
  }

  async kevIds(): Promise<string[]> {
    if (!this.present) return [];
    return this.db.prepare<[], string>("SELECT cve_id FROM kev_entries ORDER BY cve_id").pluck().all();
  }

  async status(): Promise<ExploitDataStatus> {
    if (!this.present) return {};
    const info = new Map(
      this.db
        .prepare<[], { key: string; value: string }>("SELECT key, value FROM exploit_info")
        .all()
        .map((r) => [r.key, r.value]),
    );
    const status: ExploitDataStatus = {};
    if (info.has("kev_catalog_version"))
      status.kev = {
        catalogVersion: info.get("kev_catalog_version") as string,
        dateReleased: info.get("kev_date_released") ?? "",
        entries: Number(info.get("kev_entries")),
        importedAt: info.get("kev_imported_at") ?? "",
      };
    if (info.has("epss_model_version"))
      status.epss = {
        modelVersion: info.get("epss_model_version") as string,
        scoreDate: info.get("epss_score_date") ?? "",
        scores: Number(info.get("epss_scores")),
        importedAt: info.get("epss_imported_at") ?? "",
      };
    return status;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private setInfo(values: Record<string, string>): void {
    const upsert = this.db.prepare("INSERT OR REPLACE INTO exploit_info (key, value) VALUES (?, ?)");
    for (const [key, value] of Object.entries(values)) upsert.run(key, value);
  }

  /** One short transaction (the input was parsed before): all of it is written, or nothing. */
  private write(work: () => void): void {
    if (this.mode !== "write") throw new Error("exploit data store opened for reading");
    try {
      this.db.transaction(work)();
    } catch (error) {
      const readOnly = /readonly|read-only/i.test(reasonOf(error));
      throw new ExploitDataError(`cannot write to ${this.path}: ${reasonOf(error)}`, {
        code: readOnly ? "ADVISORY_DB_READ_ONLY" : "STORE_FAILED",
        details: { path: this.path },
        cause: error,
      });
    }
  }
}
