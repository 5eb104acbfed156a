import { access } from "node:fs/promises";
import { normalizeName } from "../ecosystems/index.js";
import type { OsvRecord } from "../model/osv.js";
import type { AdvisoryStorage } from "../store/advisory-store.js";
import { openSqliteAdvisoryStorage } from "../store/advisory-store-sqlite.js";
import { ecosystemBase } from "./ecosystem-match.js";
import { AdvisoryError, DatabaseMissingError } from "./errors.js";
import { LruCache } from "./lru-cache.js";
import { type AdvisoryQuery, entryNamesPackage } from "./matcher.js";
import { type MatchCandidate, type PackageHit, PackageMatcher } from "./package-matcher.js";
import type {
  AdvisoryMatch,
  AdvisoryReader,
  AdvisoryStatus,
  AdvisoryWriter,
  EcosystemUpdate,
  PackageKey,
  WriteResult,
} from "./ports.js";
import { isNewer, type MatchSubset, storedForm } from "./stored-form.js";

/** How many entries each cache of a reader holds (least recently used entries are forgotten first). */
export interface AdvisoryCacheSizes {
  /** Packages whose records are kept prepared for matching (PackageMatcher). */
  packages: number;
  /**
   * Packages known to have no record (for the queried ecosystem): only their key is kept, so far more of them
   * fit. Most packages of a project have no advisory; without this, a project of more packages than
   * `packages` would push every prepared package out and read them all again on its next upload.
   */
  unaffected: number;
  /** Whole records kept parsed (what `query`, `get` and `recordsFor` return). */
  records: number;
  /** matchingIds' answers kept by query as sent (the OSV API's batches repeat queries); ~220 bytes each. */
  answers: number;
}

/**
 * Default cache sizes: 1,000 prepared packages, 100,000 packages without records (about 10 MB of keys), 5,000
 * parsed records and 50,000 id answers (about 11 MB: 5.4 MB measured for 25,000 Go module queries). Measured on the corpus, a heavy package (Go's stdlib,
 * TensorFlow, Mattermost: 150-300 records) takes 0.4-1 MB prepared, a typical one 25-35 KB; a 10,000-query
 * batch over the 22 heaviest Go and PyPI packages peaks at ~160 MB RSS.
 */
export const DEFAULT_CACHE_SIZES: AdvisoryCacheSizes = {
  packages: 1000,
  unaffected: 100_000,
  records: 5000,
  answers: 50_000,
};

export interface AdvisoryDatabaseOptions {
  cache?: Partial<AdvisoryCacheSizes>;
  /** The clock that stamps ecosystem updates (default: the system clock). */
  now?: () => Date;
}

/** An advisory database opened by a composition root: its ports, and what only the owner may do. */
export interface OpenedAdvisoryDatabase {
  reader: AdvisoryReader;
  /** Present only when opened for writing. */
  writer?: AdvisoryWriter;
  /** Where the data lives (a path, "memory", ...). */
  location: string;
  /** A full consistency check of the storage: the problems found, [] when sound (can take seconds). */
  verify(): Promise<string[]>;
  /**
   * Forgets cached answers about these packages (all when omitted). Writes through this database invalidate
   * by themselves; call it when another process wrote to the same storage.
   */
  invalidate(touched?: PackageKey[]): void;
  close(): Promise<void>;
}

/** Where to find an SQLite advisory database and how to open it. */
export interface SqliteAdvisoryOptions extends AdvisoryDatabaseOptions {
  /** The database file (see resolveDatabasePath). */
  path: string;
  /**
   * "read" (default): read-only, creates nothing; a missing or empty database is a DatabaseMissingError.
   * "write": creates the file (and folder) when missing; the result has a `writer`.
   */
  mode?: "read" | "write";
}

/**
 * Opens the SQLite advisory database at `options.path`: read-only by default (works on read-only mounts and
 * for users without write access), for writing with `mode: "write"`.
 */
export async function openAdvisoryDatabase(options: SqliteAdvisoryOptions): Promise<OpenedAdvisoryDatabase> {
  const mode = options.mode ?? "read";
  if (mode === "read") {
    try {
      await access(options.path);
    } catch {
      throw new DatabaseMissingError(options.path);
    }
  }
  const storage = await openSqliteAdvisoryStorage(options.path, mode);
  if (mode === "read") {
    let empty: boolean;
    try {
      empty = await storage.isEmpty();
    } catch (error) {
      await storage.close();
      throw error;
    }
    if (empty) {
      await storage.close();
      throw new DatabaseMissingError(options.path, "empty");
    }
  }
  return createAdvisoryDatabase(storage, { ...options, writable: mode === "write" });
}

/**
 * The advisory database over any storage (SQLite, memory, PostgreSQL): one reader and writer doing the
 * candidates, evaluation, alias lookups and write bookkeeping, whatever the storage.
 */
export function createAdvisoryDatabase(
  storage: AdvisoryStorage,
  options: AdvisoryDatabaseOptions & { writable?: boolean } = {},
): OpenedAdvisoryDatabase {
  const database = new StoredAdvisories(storage, options);
  return {
    reader: database,
    ...(options.writable === false ? {} : { writer: database }),
    location: storage.location,
    verify: () => storage.check(),
    invalidate: (touched) => database.invalidate(touched),
    close: () => storage.close(),
  };
}

/** What a package without records answers: nothing, whatever the version. */
const NOTHING: Promise<PackageMatcher> = Promise.resolve(new PackageMatcher([], "npm"));

/**
 * The reader and writer over an AdvisoryStorage. Caches (bounded, see AdvisoryCacheSizes) are this
 * instance's own: prepared packages and parsed records, forgotten when a write through this instance
 * changes them. Records returned are shared with the cache: treat them as read-only.
 */
class StoredAdvisories implements AdvisoryReader, AdvisoryWriter {
  private readonly packages: LruCache<string, Promise<PackageMatcher>>;
  /** Keys (as in `packages`) of packages whose matcher holds no candidate. */
  private readonly unaffected: LruCache<string, true>;
  private readonly records: LruCache<string, OsvRecord>;
  /** matchingIds' answer for each answer of a PackageMatcher (which keeps them bounded). */
  private readonly idLists = new WeakMap<readonly PackageHit[], { id: string; modified: string }[]>();
  /** matchingIds' answers by query as sent; `generation` counts writes, so a lookup overlapping one is not kept. */
  private readonly idAnswers: LruCache<string, readonly { id: string; modified: string }[]>;
  private generation = 0;
  private readonly now: () => Date;

  constructor(
    private readonly storage: AdvisoryStorage,
    options: AdvisoryDatabaseOptions,
  ) {
    const sizes = { ...DEFAULT_CACHE_SIZES, ...options.cache };
    this.packages = new LruCache(sizes.packages);
    this.unaffected = new LruCache(sizes.unaffected);
    this.records = new LruCache(sizes.records);
    this.idAnswers = new LruCache(sizes.answers);
    this.now = options.now ?? (() => new Date());
  }

  async query(q: AdvisoryQuery): Promise<AdvisoryMatch[]> {
    const hits = await this.hits(q);
    if (hits.length === 0) return [];
    const records = await this.getMany(hits.map((h) => h.candidate.id));
    return hits.map((hit) => {
      const record = records.get(hit.candidate.id);
      if (!record) throw this.damaged(`record ${hit.candidate.id} is indexed but missing`);
      // the whole record's entries (with ecosystem_specific etc.), found by position
      const affected = hit.entries.map((i) => {
        const { index, entry } = hit.candidate.entries[i]!;
        return record.affected?.[index] ?? entry;
      });
      return { id: record.id, modified: record.modified, record, affected, approximate: hit.approximate };
    });
  }

  async matchingIds(
    queries: readonly AdvisoryQuery[],
  ): Promise<(readonly { id: string; modified: string }[])[]> {
    // the OSV API's batches repeat queries: each is first looked up as sent, and only the others wait for the
    // matcher (normalising the name, finding the prepared package and its version's answer, an await each:
    // ~1.5 ms of a 1,000-query batch's ~5 ms before)
    const answers: (readonly { id: string; modified: string }[])[] = [];
    for (const q of queries) {
      const key = q.commit === undefined ? `${q.ecosystem}\u0000${q.name}\u0000${q.version}` : undefined;
      let ids = key === undefined ? undefined : this.idAnswers.get(key);
      if (!ids) {
        const generation = this.generation;
        ids = this.idsOf(await this.hits(q));
        if (key !== undefined && generation === this.generation) this.idAnswers.set(key, ids);
      }
      answers.push(ids);
    }
    return answers;
  }

  private idsOf(hits: readonly PackageHit[]): readonly { id: string; modified: string }[] {
    // the matcher shares its answers between queries: their id lists are built once (and dropped with them)
    let ids = this.idLists.get(hits);
    if (!ids) {
      ids = hits.map(({ candidate }) => ({ id: candidate.id, modified: candidate.modified }));
      this.idLists.set(hits, ids);
    }
    return ids;
  }

  async recordsFor(ecosystem: string, name: string): Promise<OsvRecord[]> {
    const base = ecosystemBase(ecosystem);
    const ids = await this.storage.packageRecordIds(base, normalizeName(base, name));
    const records = await this.getMany(ids);
    return ids.map((id) => records.get(id)).filter((r): r is OsvRecord => r !== undefined);
  }

  async get(id: string): Promise<OsvRecord | undefined> {
    return (await this.getMany([id])).get(id);
  }

  async recordsAbout(id: string): Promise<OsvRecord[]> {
    const ids = [...new Set([id, ...(await this.storage.idsNamingAlias(id))])];
    const records = await this.getMany(ids);
    return ids.map((i) => records.get(i)).filter((r): r is OsvRecord => r !== undefined);
  }

  async status(): Promise<AdvisoryStatus> {
    const [counts, meta, sizeBytes] = await Promise.all([
      this.storage.counts(),
      this.storage.meta(),
      this.storage.sizeBytes(),
    ]);
    const byEcosystem = new Map(meta.map((m) => [m.ecosystem, m]));
    return {
      location: this.storage.location,
      ...(sizeBytes === undefined ? {} : { sizeBytes }),
      records: counts.records,
      withdrawn: counts.withdrawn,
      ecosystems: counts.perEcosystem.map(({ ecosystem, records, newestModified }) => {
        const m = byEcosystem.get(ecosystem);
        return {
          ecosystem,
          records,
          ...(m ? { lastUpdate: m.lastUpdate, source: m.source } : {}),
          ...(newestModified ? { newestModified } : {}),
        };
      }),
    };
  }

  async write(records: OsvRecord[], updates: EcosystemUpdate[] = []): Promise<WriteResult> {
    const rows = records.map((record) => {
      if (typeof record?.id !== "string" || typeof record.modified !== "string")
        throw new AdvisoryError("a record without a string id and modified cannot be stored", {
          code: "ADVISORY_INVALID",
          details: { id: record?.id },
        });
      try {
        return storedForm(record);
      } catch (error) {
        throw new AdvisoryError(`record ${record.id} cannot be stored: ${(error as Error).message}`, {
          code: "ADVISORY_INVALID",
          details: { id: record.id },
          cause: error,
        });
      }
    });
    const lastUpdate = this.now().toISOString();
    const meta = updates.map((u) => ({
      ecosystem: u.ecosystem,
      lastUpdate,
      source: u.source,
      ...(u.watermark ? { watermark: u.watermark } : {}),
    }));
    const outcomes = await this.storage.write(rows, meta, isNewer);
    const result: WriteResult = { imported: 0, replaced: 0, skipped: 0, changed: [], touched: [] };
    const changed = new Set<string>();
    const touched = new Map<string, PackageKey>();
    outcomes.forEach((outcome, i) => {
      result[outcome.outcome]++;
      if (outcome.outcome === "skipped") return;
      const row = rows[i]!;
      changed.add(row.id);
      const previous = outcome.outcome === "replaced" ? outcome.previous : [];
      for (const { ecosystem, name } of [...previous, ...row.packages])
        touched.set(`${ecosystem}\u0000${name}`, { ecosystem, name });
    });
    result.changed = [...changed];
    result.touched = [...touched.values()];
    for (const id of changed) this.records.delete(id);
    this.invalidate(result.touched);
    return result;
  }

  async ecosystemUpdates(): Promise<(EcosystemUpdate & { lastUpdate: string })[]> {
    return (await this.storage.meta()).map((m) => ({
      ecosystem: m.ecosystem,
      source: m.source,
      lastUpdate: m.lastUpdate,
      ...(m.watermark ? { watermark: m.watermark } : {}),
    }));
  }

  invalidate(touched?: PackageKey[]): void {
    // answers as sent are not keyed by normalised package: any write forgets them all
    this.generation++;
    this.idAnswers.clear();
    if (!touched) {
      this.packages.clear();
      this.unaffected.clear();
      this.records.clear();
      return;
    }
    const keys = new Set(touched.map((t) => `${t.ecosystem}\u0000${t.name}`));
    if (keys.size === 0) return;
    const drop = (key: string) => keys.has(key.slice(key.indexOf("\u0001") + 1));
    this.packages.deleteWhere(drop);
    this.unaffected.deleteWhere(drop);
  }

  private async hits(q: AdvisoryQuery): Promise<readonly PackageHit[]> {
    return (await this.prepared(q.ecosystem, q.name)).match(q);
  }

  /** The package's candidates, prepared (cached per query ecosystem, release included, and normalised name). */
  private prepared(ecosystem: string, name: string): Promise<PackageMatcher> {
    const base = ecosystemBase(ecosystem);
    const normal = normalizeName(base, name);
    // "<query ecosystem>\u0001<base>\u0000<name>": invalidation matches on the part after \u0001
    const key = `${ecosystem.trim()}\u0001${base}\u0000${normal}`;
    if (this.unaffected.get(key)) return NOTHING;
    let found = this.packages.get(key);
    if (!found) {
      const loading = this.load(ecosystem, name, base, normal);
      found = loading;
      this.packages.set(key, loading);
      loading.then(
        (matcher) => {
          // only the key of a package without records is kept (unless a write dropped it meanwhile)
          if (matcher.candidates.length > 0 || this.packages.get(key) !== loading) return;
          this.packages.delete(key);
          this.unaffected.set(key, true);
        },
        () => this.packages.delete(key),
      );
    }
    return found;
  }

  private async load(ecosystem: string, name: string, base: string, normal: string): Promise<PackageMatcher> {
    const candidates: MatchCandidate[] = [];
    for (const { id, matchJson } of await this.storage.matchRows(base, normal)) {
      const subset = this.parse<MatchSubset>(id, matchJson);
      if (subset.withdrawn || !Array.isArray(subset.affected)) continue;
      const entries = subset.affected
        .map((entry, index) => ({ index, entry }))
        .filter((e) => entryNamesPackage(e.entry, ecosystem, name));
      if (entries.length > 0) candidates.push({ id, modified: subset.modified, entries });
    }
    return new PackageMatcher(candidates, ecosystem);
  }

  /** Parsed records by id, from the cache or the storage (absent ids are left out). */
  private async getMany(ids: readonly string[]): Promise<Map<string, OsvRecord>> {
    const out = new Map<string, OsvRecord>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.records.get(id);
      if (cached) out.set(id, cached);
      else missing.push(id);
    }
    if (missing.length > 0)
      for (const [id, json] of await this.storage.recordJson(missing)) {
        const record = this.parse<OsvRecord>(id, json);
        this.records.set(id, record);
        out.set(id, record);
      }
    return out;
  }

  private parse<T>(id: string, json: string): T {
    try {
      return JSON.parse(json) as T;
    } catch (error) {
      throw this.damaged(`the stored JSON of record ${id} cannot be read (${(error as Error).message})`);
    }
  }

  private damaged(what: string): AdvisoryError {
    return new AdvisoryError(`the advisory database ${this.storage.location} is damaged: ${what}`, {
      code: "ADVISORY_DB_CORRUPT",
      details: { location: this.storage.location },
      hint: "rebuild it (import or update into a new database, then replace this one); its answers cannot be trusted",
    });
  }
}
