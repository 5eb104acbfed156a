import { type RawBuilder, type SqlBool, sql } from "kysely";
import { invalidInput } from "./errors.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page, type SortDirection } from "./ports.js";

// Keyset pagination: a page is "the next `limit` rows after the last row seen, in the list's order". The
// cursor carries the list's identity and the sort key + id of that row, so a deep page costs what the first
// one does (an index seek), never an OFFSET walk.

/** A value a cursor carries. */
export type CursorValue = string | number;
export type CursorKind = "string" | "number";

/** The page size asked for, defaulted and clamped to 1..1,000. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (typeof limit !== "number" || !Number.isFinite(limit) || limit < 1) {
    throw invalidInput(`a page size must be a number from 1 to ${MAX_PAGE_SIZE}, not ${String(limit)}`, {
      limit,
    });
  }
  return Math.min(Math.floor(limit), MAX_PAGE_SIZE);
}

/** An opaque cursor for the row with these key values in the list named `list`. */
export function encodeCursor(list: string, values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify([list, ...values]), "utf8").toString("base64url");
}

/**
 * The key values of a cursor given to the list named `list`, checked against the kinds expected; undefined
 * when there is no cursor. A cursor of another list or sort, or a damaged one, is a USAGE error.
 */
export function decodeCursor(
  cursor: string | undefined,
  list: string,
  kinds: readonly CursorKind[],
): CursorValue[] | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  let parsed: unknown;
  try {
    parsed =
      typeof cursor === "string" ? JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) : null;
  } catch {
    parsed = null;
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.length === kinds.length + 1 &&
    parsed[0] === list &&
    kinds.every((kind, i) => {
      const value = parsed[i + 1];
      return kind === "number"
        ? typeof value === "number" && Number.isFinite(value)
        : typeof value === "string";
    });
  if (!valid) {
    throw invalidInput(
      "the cursor is not valid for this list (it belongs to another list or sort, or is damaged)",
      {
        cursor,
      },
    );
  }
  return (parsed as CursorValue[]).slice(1);
}

/** `(columns) > (values)` (ascending) or `<` (descending): the rows after the cursor's row. */
export function afterKey(
  columns: readonly string[],
  values: readonly CursorValue[],
  direction: SortDirection,
): RawBuilder<SqlBool> {
  const op = direction === "asc" ? sql.raw(">") : sql.raw("<");
  return sql<SqlBool>`(${sql.join(columns.map((c) => sql.ref(c)))}) ${op} (${sql.join(values.map((v) => sql.val(v)))})`;
}

/**
 * A page from rows fetched with `limit + 1`: the extra row only says that another page exists; the cursor
 * points at the last row returned.
 */
export function toPage<R, T>(
  rows: readonly R[],
  limit: number,
  map: (row: R) => T,
  list: string,
  keyOf: (row: R) => readonly CursorValue[],
): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return {
    items: kept.map(map),
    nextCursor: more && last !== undefined ? encodeCursor(list, keyOf(last)) : null,
  };
}
