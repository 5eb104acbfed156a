import type { Kysely } from "kysely";
import { invalidInput } from "./errors.js";
import type { PortfolioDb } from "./schema.js";
import type { SqlDialect } from "./sql-dialect.js";

/**
 * What every repository works with: the database (the store's pool or one transaction) and its dialect.
 * `atomic` groups a method's statements: inside a store transaction they simply join it; outside, they get
 * a short transaction of their own.
 */
export class StoreContext {
  /**
   * Packages whose usage counts a write in this transaction changed, recounted once before commit (see
   * repositories/package-usage.ts): an import that writes the findings of 3,000 projects one project at a
   * time recounts each package once, not 3,000 times.
   */
  readonly staleUsage = new Map<string, { ecosystem: string; name: string }>();

  constructor(
    readonly db: Kysely<PortfolioDb>,
    readonly dialect: SqlDialect,
    readonly inTransaction: boolean,
  ) {}

  atomic<T>(work: (db: Kysely<PortfolioDb>) => Promise<T>): Promise<T> {
    return this.inTransaction ? work(this.db) : this.db.transaction().execute(work);
  }

  /** Refuses what only makes sense inside a transaction (locks). */
  requireTransaction(what: string): void {
    if (!this.inTransaction) throw invalidInput(`${what} is only meaningful inside store.transaction()`);
  }
}

/** Parses a JSON column, with a fallback for NULL. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === "") return fallback;
  return JSON.parse(text) as T;
}

/** 1/0/NULL for an optional boolean. */
export function flag(value: boolean | undefined): number | null {
  return value === undefined ? null : value ? 1 : 0;
}

/** The optional boolean of a 1/0/NULL column. */
export function optionalFlag(value: number | null): boolean | undefined {
  return value === null ? undefined : value === 1;
}

// Names and labels come from URLs and uploads: refuse what no list could show or match sensibly.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Checks a name-like value (project name, tag, key name, version label); returns it unchanged. */
export function checkText(
  what: string,
  value: string,
  options: { max: number; allowEmpty?: boolean },
): string {
  if (typeof value !== "string") throw invalidInput(`${what} must be a string`);
  if (!options.allowEmpty && value.length === 0) throw invalidInput(`${what} must not be empty`);
  if (value.length > options.max) {
    throw invalidInput(`${what} is longer than ${options.max} characters`, { length: value.length });
  }
  if (CONTROL.test(value)) throw invalidInput(`${what} must not contain control characters`, { value });
  return value;
}
