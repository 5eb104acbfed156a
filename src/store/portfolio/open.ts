import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { LruCache } from "../../advisories/lru-cache.js";
import { storeErrorFrom } from "./errors.js";
import { guardDialect } from "./guarded-dialect.js";
import { describeLocation, type PortfolioLocation } from "./location.js";
import { migrate } from "./migrate.js";
import type { PortfolioStore } from "./ports.js";
import type { PortfolioDb } from "./schema.js";
import { postgresDialect, sqliteDialect } from "./sql-dialect.js";
import { SqlPortfolioStore } from "./store.js";
import { startWalCheckpointer } from "./wal-checkpointer.js";

/** How a store is opened. */
export interface OpenStoreOptions {
  /** PostgreSQL: connections in the pool (default 10). */
  poolSize?: number;
  /** PostgreSQL: how long to wait for a connection, in ms (default 10,000). */
  connectTimeoutMs?: number;
  /** SQLite: how long a writer waits for another process's transaction, in ms (default 5,000). */
  busyTimeoutMs?: number;
  /**
   * SQLite: the page cache, in MiB (default 32): the hot pages of the reverse index stay in memory, the rest come
   * from the OS page cache (64 MiB put the server at 424 MB under the querybatch load, over its 400 MB budget, and
   * measured no faster).
   */
  cacheMb?: number;
  /** Errors of idle pooled connections (the server restarted): reported here instead of crashing the process. */
  onBackgroundError?: (error: Error) => void;
}

// PostgreSQL answers bigint (ids, epoch milliseconds, counts) and numeric (sums) as strings by default; all of
// ours fit a double exactly. Set per pool, not on the pg module, so other pg users in the process are untouched.
const BIGINT_OID = 20;
const NUMERIC_OID = 1700;
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === BIGINT_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * Opens the portfolio store at `location` and brings its schema up to date (migrations run at open, in one
 * transaction). Fails with STORE_FAILED naming the location when the database cannot be reached or opened,
 * and with STORE_SCHEMA_NEWER when a newer Bulwark wrote it.
 */
export async function openPortfolioStore(
  location: PortfolioLocation,
  options: OpenStoreOptions = {},
): Promise<PortfolioStore> {
  const where = describeLocation(location).text;
  const { db, dialect, release } =
    location.kind === "sqlite"
      ? await openSqlite(location.path, where, options)
      : openPostgres(location.url, where, options);
  try {
    const version = await migrate(db, dialect, where);
    return new SqlPortfolioStore(db, dialect, where, version, release);
  } catch (error) {
    await release?.().catch(() => {});
    await db.destroy().catch(() => {});
    throw storeErrorFrom(error, where);
  }
}

async function openSqlite(path: string, where: string, options: OpenStoreOptions) {
  let sqlite: Database.Database;
  try {
    await mkdir(dirname(path), { recursive: true });
    sqlite = new Database(path);
    // WAL: readers never wait for the writer and never see half a transaction. NORMAL sync: durable at
    // checkpoints, never corrupt. Foreign keys: deleting a project removes what hangs off it.
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    sqlite.pragma(`cache_size = ${-1024 * Math.max(1, Math.floor(options.cacheMb ?? 32))}`);
  } catch (error) {
    throw storeErrorFrom(error, where);
  }
  const report = (message: string) => options.onBackgroundError?.(new Error(message));
  // without the worker (it could not start), the connection checkpoints by itself as SQLite does by default
  const checkpointer =
    path === ":memory:"
      ? undefined
      : await startWalCheckpointer(sqlite, path, report).catch((error: Error) => {
          report(`the WAL checkpointer of ${path} could not start: ${error.message}`);
          return undefined;
        });
  const connection = reusingStatements(sqlite);
  const dialect = guardDialect(new SqliteDialect({ database: connection }), where, {
    beginImmediate: true,
  });
  return {
    db: new Kysely<PortfolioDb>({ dialect }),
    dialect: { ...sqliteDialect, insertRowByRow: rowInserter(connection, where) },
    // the worker's connection first: the last one to close folds the log into the file
    release: checkpointer ? () => checkpointer.stop() : undefined,
  };
}

/** How many prepared statements an SQLite connection keeps for reuse. */
const STATEMENTS_KEPT = 1000;

/**
 * The connection as Kysely sees it, with its prepared statements kept by SQL text. Kysely prepares every query
 * it runs, and preparing costs more than running most of ours (0.1-0.4 ms against microseconds for a page of
 * projects). Statements are never used concurrently: Kysely runs one query at a time on the connection.
 */
function reusingStatements(sqlite: Database.Database) {
  const kept = new LruCache<string, Database.Statement>(STATEMENTS_KEPT);
  return {
    close: () => sqlite.close(),
    prepare(text: string): Database.Statement {
      let statement = kept.get(text);
      if (!statement) {
        statement = sqlite.prepare(text);
        kept.set(text, statement);
      }
      return statement;
    },
  };
}

/** Row-by-row inserts on the connection's kept statements (SqlDialect.insertRowByRow). */
function rowInserter(connection: ReturnType<typeof reusingStatements>, where: string) {
  return (table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]) => {
    const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
    const statement = connection.prepare(
      `insert into ${quote(table)} (${columns.map(quote).join(", ")}) values (${columns.map(() => "?").join(", ")})`,
    );
    try {
      // values as the JSON path stores them: booleans as 1/0, arrays and objects as JSON text
      for (const row of rows)
        statement.run(
          row.map((v) =>
            typeof v === "boolean"
              ? Number(v)
              : v !== null && typeof v === "object"
                ? JSON.stringify(v)
                : (v ?? null),
          ),
        );
    } catch (error) {
      throw storeErrorFrom(error, where);
    }
  };
}

function openPostgres(url: string, where: string, options: OpenStoreOptions) {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    types: pgTypes,
  });
  pool.on("error", (error) => options.onBackgroundError?.(error));
  const dialect = guardDialect(new PostgresDialect({ pool }), where, { beginImmediate: false });
  return { db: new Kysely<PortfolioDb>({ dialect }), dialect: postgresDialect, release: undefined };
}
