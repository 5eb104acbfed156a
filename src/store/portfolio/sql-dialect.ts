import { type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import { globToLike, globToSqliteGlob } from "./name-pattern.js";
import type { StoreKind } from "./ports.js";

// Everything that differs between SQLite and PostgreSQL outside the migrations: column types for DDL, locks,
// pattern matching and reading rows from one JSON parameter. Repositories are written once against this.

// biome-ignore lint/suspicious/noExplicitAny: helpers run on any Kysely database (migrations see no typed schema)
type AnyDb = Kysely<any>;

/** Column kinds of rows passed as JSON (see bulk.ts). */
export type JsonColumnKind = "int" | "real" | "text";

/** Column types of the DDL. */
export interface DdlTypes {
  /** Integers that may exceed 2^31: ids, references, epoch milliseconds. */
  big: "bigint" | "integer";
  /** Text compared byte-wise (ORDER BY and keyset cursors agree in both databases, whatever the locale). */
  key: RawBuilder<unknown> | "text";
  real: "double precision" | "real";
  blob: "bytea" | "blob";
}

export interface SqlDialect {
  readonly kind: StoreKind;
  readonly types: DdlTypes;
  /** Names of the tables of the store's schema. */
  tables(db: AnyDb): Promise<string[]>;
  /** Inside a transaction: one migration run at a time across server instances. */
  lockMigrations(db: AnyDb): Promise<void>;
  /**
   * Inside a transaction: event appends wait for each other until commit, so ids become visible in
   * increasing order and a consumer's cursor never skips an event committed late.
   */
  lockEventAppends(db: AnyDb): Promise<void>;
  /** Inside a transaction: locks project rows (in id order) until it ends. */
  lockProjects(db: AnyDb, ids: readonly number[]): Promise<void>;
  /** `column` matches the glob pattern (case-sensitive). */
  matchesGlob(column: string, pattern: string): RawBuilder<SqlBool>;
  /** A FROM item over the elements (arrays) of one JSON array parameter, aliased `r`. */
  jsonRows(json: string): RawBuilder<unknown>;
  /** The i-th value of the current JSON row, typed. */
  jsonColumn(index: number, kind: JsonColumnKind): RawBuilder<unknown>;
  /**
   * SQLite (set per connection at open): inserts rows with one prepared statement run per row, synchronously on
   * the store's connection — cheaper than unpacking JSON (1,445 component rows: 17 ms against 40–55 ms). Only
   * for a transaction of the store, which holds the connection, so nothing else runs on it meanwhile.
   */
  insertRowByRow?(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): void;
}

// Arbitrary constants naming Bulwark's PostgreSQL advisory locks.
const MIGRATION_LOCK = 0x42_57_4b_01;
const EVENT_LOCK = 0x42_57_4b_02;

export const sqliteDialect: SqlDialect = {
  kind: "sqlite",
  types: { big: "integer", key: "text", real: "real", blob: "blob" },
  async tables(db) {
    const { rows } = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
    return rows.map((r) => r.name);
  },
  // A SQLite transaction begins IMMEDIATE (guarded-dialect.ts): writers already exclude each other.
  async lockMigrations() {},
  async lockEventAppends() {},
  async lockProjects() {},
  matchesGlob(column, pattern) {
    return sql<SqlBool>`${sql.ref(column)} glob ${globToSqliteGlob(pattern)}`;
  },
  jsonRows(json) {
    return sql`json_each(${json}) as r`;
  },
  jsonColumn(index) {
    return sql`r.value ->> ${sql.lit(index)}`;
  },
};

const PG_CASTS: Record<JsonColumnKind, string> = { int: "bigint", real: "double precision", text: "text" };

export const postgresDialect: SqlDialect = {
  kind: "postgres",
  types: { big: "bigint", key: sql`text collate "C"`, real: "double precision", blob: "bytea" },
  async tables(db) {
    const { rows } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
    return rows.map((r) => r.name);
  },
  async lockMigrations(db) {
    await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK)})`.execute(db);
  },
  async lockEventAppends(db) {
    await sql`select pg_advisory_xact_lock(${sql.lit(EVENT_LOCK)})`.execute(db);
  },
  async lockProjects(db, ids) {
    if (ids.length === 0) return;
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    await sql`select id from projects where id = any(${sorted}::bigint[]) order by id for update`.execute(db);
  },
  matchesGlob(column, pattern) {
    return sql<SqlBool>`${sql.ref(column)} like ${globToLike(pattern)} escape '\\'`;
  },
  jsonRows(json) {
    return sql`jsonb_array_elements(${json}::jsonb) as r(v)`;
  },
  jsonColumn(index, kind) {
    return sql`(r.v ->> ${sql.lit(index)})::${sql.raw(PG_CASTS[kind])}`;
  },
};
