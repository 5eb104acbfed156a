import { existsSync, statSync } from "node:fs";
import { normalizeName } from "../ecosystems/index.js";
import type { OsvAffected, OsvRecord } from "../model/osv.js";
import { AdvisoryStore, type IndexEntry } from "../store/advisory-store.js";
import { inTransaction, openSqlite, type SqliteDatabase } from "../store/sqlite.js";
import { resolveDatabasePath } from "./database-path.js";
import { ecosystemBase } from "./ecosystem-match.js";
import { AdvisoryError, DatabaseMissingError } from "./errors.js";
import {
  type AdvisoryQuery,
  entryNamesPackage,
  evaluateEntries,
  prepareQuery,
  type RecordEvaluation,
} from "./matcher.js";

/** A record that affects a queried package version, and why. */
export interface AdvisoryMatch {
  /** The record's id and modified time (available without reading the whole record). */
  id: string;
  modified: string;
  /** The whole record. */
  record: OsvRecord;
  /** The record's `affected` entries that include the version. */
  affected: OsvAffected[];
  /** The version is not valid for the ecosystem and was ordered by the generic fallback. */
  approximate: boolean;
}

/** What `bulwark db status` shows. */
export interface DatabaseStatus {
  path: string;
  /** Bytes on disk, including SQLite's write-ahead log. */
  sizeBytes: number;
  records: number;
  withdrawn: number;
  ecosystems: { ecosystem: string; records: number; lastUpdate?: string; source?: string }[];
}

/** What happened to one record offered to the database. */
export type StoreOutcome = "imported" | "replaced" | "skipped";

/** The local advisory database. */
export interface AdvisoryDatabase {
  /** Records affecting this package version (withdrawn excluded), each with why it matched. */
  query(q: AdvisoryQuery): AdvisoryMatch[];
  /**
   * All records indexed under (ecosystem, normalised name) — for remediation (fixed versions). Withdrawn
   * records are included (check `withdrawn`); the ecosystem's release suffix, if any, is ignored here.
   */
  recordsFor(ecosystem: string, name: string): OsvRecord[];
  get(id: string): OsvRecord | undefined;
  status(): DatabaseStatus;
  close(): void;
}

/** A candidate record for a package: its id and the `affected` entries (by position) naming the package. */
interface Candidate {
  id: string;
  modified: string;
  /** Entries of the record's matching subset that name the package, with their index in `affected`. */
  entries: { index: number; entry: OsvAffected }[];
  /** The same entries alone. */
  entryList: OsvAffected[];
}

/**
 * The SQLite implementation. Only records indexed under the queried package are read; matching parses
 * their small matching subset, and the whole record only when it matches. Parsed records and each
 * package's candidates are cached per process (a batch asks about the same packages again and again).
 */
export class SqliteAdvisoryDatabase implements AdvisoryDatabase {
  private readonly store: AdvisoryStore;
  private readonly cache = new Map<string, OsvRecord>();
  /** Query ecosystem + normalised name -> its records and their entries naming that package. */
  private readonly candidates = new Map<string, Candidate[]>();

  constructor(
    private readonly db: SqliteDatabase,
    readonly path: string,
  ) {
    this.store = new AdvisoryStore(db);
  }

  query(q: AdvisoryQuery): AdvisoryMatch[] {
    const matches: AdvisoryMatch[] = [];
    for (const { candidate, evaluation } of this.evaluate(q)) {
      const record = this.get(candidate.id);
      if (!record) continue;
      // the whole record's entries (with ecosystem_specific etc.), found by position
      const affected = candidate.entries
        .filter((e) => evaluation.affected.includes(e.entry))
        .map((e) => record.affected?.[e.index] ?? e.entry);
      matches.push({
        id: record.id,
        modified: record.modified,
        record,
        affected,
        approximate: evaluation.approximate,
      });
    }
    return matches; // in id order, as the index returns them
  }

  /** Ids and modified times of the records affecting a version, without reading whole records (querybatch). */
  matchingIds(q: AdvisoryQuery): { id: string; modified: string }[] {
    return this.evaluate(q).map(({ candidate }) => ({ id: candidate.id, modified: candidate.modified }));
  }

  private evaluate(q: AdvisoryQuery): { candidate: Candidate; evaluation: RecordEvaluation }[] {
    const out: { candidate: Candidate; evaluation: RecordEvaluation }[] = [];
    const candidates = this.candidatesFor(q.ecosystem, q.name);
    if (candidates.length === 0) return out;
    const prepared = prepareQuery(q);
    for (const candidate of candidates) {
      const evaluation = evaluateEntries(candidate.entryList, q, prepared);
      if (evaluation.affected.length > 0) out.push({ candidate, evaluation });
    }
    return out;
  }

  private candidatesFor(ecosystem: string, name: string): Candidate[] {
    const key = `${ecosystem}\u0000${normalizeName(ecosystem, name)}`;
    let found = this.candidates.get(key);
    if (found) return found;
    found = [];
    const base = ecosystemBase(ecosystem);
    for (const { id, match_json } of this.store.matchJsonForPackage(base, normalizeName(base, name))) {
      const subset = JSON.parse(match_json) as MatchSubset;
      if (subset.withdrawn) continue;
      const entries = subset.affected
        .map((entry, index) => ({ index, entry }))
        .filter((e) => entryNamesPackage(e.entry, ecosystem, name));
      if (entries.length > 0)
        found.push({ id, modified: subset.modified, entries, entryList: entries.map((e) => e.entry) });
    }
    this.candidates.set(key, found);
    return found;
  }

  recordsFor(ecosystem: string, name: string): OsvRecord[] {
    const base = ecosystemBase(ecosystem);
    const records: OsvRecord[] = [];
    for (const id of this.store.idsForPackage(base, normalizeName(base, name))) {
      const record = this.get(id);
      if (record) records.push(record);
    }
    return records;
  }

  get(id: string): OsvRecord | undefined {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const json = this.store.json(id);
    return json === undefined ? undefined : this.parsed(id, json);
  }

  /**
   * The records that are (or rebuild) the vulnerability `id`: the record itself and every record naming it in
   * `aliases` or `upstream` — e.g. all advisories for a new CVE, to find who is affected.
   */
  recordsAbout(id: string): OsvRecord[] {
    const ids = new Set([id, ...this.store.idsNamingAlias(id)]);
    return [...ids].map((i) => this.get(i)).filter((r): r is OsvRecord => r !== undefined);
  }

  status(): DatabaseStatus {
    const counts = this.store.counts();
    const meta = new Map(this.store.meta().map((m) => [m.ecosystem, m]));
    const ecosystems = counts.perEcosystem.map(({ ecosystem, records }) => {
      const m = meta.get(ecosystem);
      return { ecosystem, records, ...(m ? { lastUpdate: m.lastUpdate, source: m.source } : {}) };
    });
    return {
      path: this.path,
      sizeBytes: sizeOnDisk(this.path),
      records: counts.records,
      withdrawn: counts.withdrawn,
      ecosystems,
    };
  }

  /** True when the database holds no records at all. */
  isEmpty(): boolean {
    return this.store.isEmpty();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Offers a record: stored when new or newer (by `modified`) than the stored one, else skipped. */
  offer(record: OsvRecord): StoreOutcome {
    const previous = this.store.modifiedOf(record.id);
    if (previous !== undefined && !isNewer(record.modified, previous)) return "skipped";
    this.store.put(
      {
        id: record.id,
        modified: record.modified,
        withdrawn: Boolean(record.withdrawn),
        json: JSON.stringify(record),
        matchJson: JSON.stringify(matchSubset(record)),
      },
      indexEntries(record),
      aliasRows(record),
    );
    this.cache.delete(record.id);
    this.candidates.clear();
    return previous === undefined ? "imported" : "replaced";
  }

  /** The newest-modified watermark and update bookkeeping of each ecosystem. */
  ecosystemMeta() {
    return this.store.meta();
  }

  /** Notes that an ecosystem was updated from `source`. */
  noteUpdate(ecosystem: string, source: string, watermark?: string): void {
    this.store.setMeta(ecosystem, new Date().toISOString(), source, watermark);
  }

  /** Runs `work` atomically: all of its writes or none (also when the process is killed midway). */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction(this.db, work);
  }

  private parsed(id: string, json: string): OsvRecord {
    let record = this.cache.get(id);
    if (!record) {
      record = JSON.parse(json) as OsvRecord;
      this.cache.set(id, record);
    }
    return record;
  }
}

/** What matching reads of a record. */
interface MatchSubset {
  modified: string;
  withdrawn?: boolean;
  affected: OsvAffected[];
}

function matchSubset(record: OsvRecord): MatchSubset {
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

/** Index rows of a record: one per affected package, keyed by ecosystem base and normalised name. */
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

function aliasRows(record: OsvRecord): { alias: string; kind: string }[] {
  return [
    ...(record.aliases ?? []).map((alias) => ({ alias, kind: "alias" })),
    ...(record.upstream ?? []).map((alias) => ({ alias, kind: "upstream" })),
  ];
}

function isNewer(candidate: string, stored: string): boolean {
  const a = Date.parse(candidate);
  const b = Date.parse(stored);
  if (Number.isNaN(a) || Number.isNaN(b)) return candidate > stored;
  // equal instants may differ in sub-millisecond digits; fall back to the text then
  return a !== b ? a > b : candidate > stored;
}

function sizeOnDisk(path: string): number {
  let total = 0;
  for (const file of [path, `${path}-wal`]) if (existsSync(file)) total += statSync(file).size;
  return total;
}

/**
 * Opens the advisory database at resolveDatabasePath(options). Without `create`, a missing or empty
 * database throws DatabaseMissingError (saying how to get one); with `create`, it is created.
 */
export function openAdvisoryDatabase(options: { db?: string; create?: boolean } = {}): AdvisoryDatabase {
  return openSqliteAdvisoryDatabase(options);
}

/** openAdvisoryDatabase with the concrete type, for the importer and updater. */
export function openSqliteAdvisoryDatabase(
  options: { db?: string; create?: boolean } = {},
): SqliteAdvisoryDatabase {
  const path = resolveDatabasePath(options);
  if (!options.create && !existsSync(path)) throw new DatabaseMissingError(path);
  let sqlite: SqliteDatabase;
  try {
    sqlite = openSqlite(path, { create: options.create });
  } catch (error) {
    throw new AdvisoryError(`cannot open the advisory database ${path}: ${(error as Error).message}`, {
      hint: "check the path and permissions, or choose another location with --db / BULWARK_DB",
      cause: error,
    });
  }
  let database: SqliteAdvisoryDatabase;
  try {
    database = new SqliteAdvisoryDatabase(sqlite, path);
  } catch (error) {
    sqlite.close();
    throw new AdvisoryError(`${path} is not a Bulwark advisory database: ${(error as Error).message}`, {
      hint: "point --db / BULWARK_DB at another file, or remove this one and run `bulwark db update`",
      cause: error,
    });
  }
  if (!options.create && database.isEmpty()) {
    database.close();
    throw new DatabaseMissingError(path, "empty");
  }
  return database;
}

/** The writable implementation behind an AdvisoryDatabase, or an error when it is some other implementation. */
export function writable(db: AdvisoryDatabase): SqliteAdvisoryDatabase {
  if (db instanceof SqliteAdvisoryDatabase) return db;
  throw new AdvisoryError("this advisory database cannot be written to", {
    hint: "open it with openAdvisoryDatabase({ create: true })",
  });
}
