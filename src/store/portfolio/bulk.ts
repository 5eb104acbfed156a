import { type Kysely, sql } from "kysely";
import type { JsonColumnKind, SqlDialect } from "./sql-dialect.js";

// Many rows in one statement with one parameter: the rows travel as a JSON array of arrays and the database
// unpacks them (SQLite json_each, PostgreSQL jsonb_array_elements: parsed once, unlike json whose every ->> re-parses the row). A 2,000-row insert is then one short
// statement to compile and one round trip, instead of 30,000 bound parameters (over SQLite's limit) or one
// statement per row (a round trip each on PostgreSQL).

/** Rows per statement: bounded so one statement's JSON stays a few MB. */
export const ROWS_PER_STATEMENT = 2000;

/** A column written from JSON: its name and kind. */
export type JsonColumn<Name extends string = string> = readonly [name: Name, kind: JsonColumnKind];

// biome-ignore lint/suspicious/noExplicitAny: works on any table of the store
type AnyDb = Kysely<any>;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Inserts rows (each an array of values in `columns` order: numbers, strings or null) and returns the
 * `returning` columns of the inserted rows. Call it inside a transaction when the rows belong together.
 */
export async function insertJsonRows<R = Record<string, unknown>>(
  db: AnyDb,
  dialect: SqlDialect,
  table: string,
  columns: readonly JsonColumn[],
  rows: readonly (readonly unknown[])[],
  returning: readonly string[] = [],
): Promise<R[]> {
  if (returning.length === 0 && dialect.insertRowByRow && db.isTransaction) {
    dialect.insertRowByRow(
      table,
      columns.map(([name]) => name),
      rows,
    );
    return [];
  }
  const out: R[] = [];
  for (const chunk of chunks(rows, ROWS_PER_STATEMENT)) {
    const query = sql<R>`insert into ${sql.table(table)} (${sql.join(columns.map(([name]) => sql.ref(name)))})
      select ${sql.join(columns.map(([, kind], i) => dialect.jsonColumn(i, kind)))}
      from ${dialect.jsonRows(JSON.stringify(chunk))}
      ${returning.length > 0 ? sql`returning ${sql.join(returning.map((name) => sql.ref(name)))}` : sql``}`;
    const result = await query.execute(db);
    out.push(...result.rows);
  }
  return out;
}

/**
 * Updates rows by key: each row is [key, ...values in `columns` order]. One statement per 2,000 rows.
 */
export async function updateJsonRows(
  db: AnyDb,
  dialect: SqlDialect,
  table: string,
  key: JsonColumn,
  columns: readonly JsonColumn[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  for (const chunk of chunks(rows, ROWS_PER_STATEMENT)) {
    const sets = columns.map(([name, kind], i) => sql`${sql.ref(name)} = ${dialect.jsonColumn(i + 1, kind)}`);
    await sql`update ${sql.table(table)} set ${sql.join(sets)}
      from ${dialect.jsonRows(JSON.stringify(chunk))}
      where ${sql.ref(`${table}.${key[0]}`)} = ${dialect.jsonColumn(0, key[1])}`.execute(db);
  }
}

/** Splits ids into IN-list sized groups (well under every driver's parameter limit). */
export function idChunks(ids: readonly number[], size = 1000): number[][] {
  return chunks(ids, size);
}
