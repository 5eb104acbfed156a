import { BulwarkError, type BulwarkErrorOptions } from "../../model/errors.js";

/**
 * A failure of the portfolio store: STORE_FAILED unless a more precise code applies (CONFLICT for a taken
 * name or a row that vanished meanwhile, USAGE for an invalid cursor or value, STORE_SCHEMA_NEWER at open).
 */
export class StoreError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("STORE_FAILED", message, options);
  }
}

/** A value given to the store is not valid (a bad cursor, an empty name, an unparsable instant). */
export function invalidInput(message: string, details: Record<string, unknown> = {}): StoreError {
  return new StoreError(message, { code: "USAGE", details });
}

// Connection-level failures: the database is not there, not listening, refuses us, or went away.
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/** The code a driver error carries: node's errno code, PostgreSQL's SQLSTATE or SQLite's result code. */
function driverCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function message(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return message(error.errors[0]);
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}

/**
 * Turns an error of the database driver (pg or better-sqlite3) into a StoreError that says where the store
 * is and what to do. BulwarkErrors pass through unchanged.
 */
export function storeErrorFrom(error: unknown, location: string): BulwarkError {
  if (error instanceof BulwarkError) return error;
  const code = driverCode(error);
  const details = { location, driverCode: code };
  const reason = message(error);
  if (code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    return new StoreError(`the portfolio store refused a duplicate: ${reason}`, {
      code: "CONFLICT",
      details,
      cause: error,
    });
  }
  if (code === "23503" || code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
    return new StoreError(`the portfolio store refused a row whose project or finding no longer exists`, {
      code: "CONFLICT",
      details,
      cause: error,
    });
  }
  if ((code !== undefined && UNREACHABLE_CODES.has(code)) || code?.startsWith("08") || code === "57P01") {
    return new StoreError(`cannot reach the portfolio database at ${location}: ${reason}`, {
      details,
      cause: error,
      hint: "check that PostgreSQL is running and accepts connections at that address, then try again",
    });
  }
  if (code === "3D000") {
    return new StoreError(`the portfolio database at ${location} does not exist: ${reason}`, {
      details,
      cause: error,
      hint: "create the database (e.g. createdb) or name an existing one",
    });
  }
  if (code === "28P01" || code === "28000") {
    return new StoreError(`the portfolio database at ${location} refused the credentials: ${reason}`, {
      details,
      cause: error,
      hint: "check the user and password of the database URL",
    });
  }
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") {
    return new StoreError(`the portfolio database at ${location} is damaged or not a database: ${reason}`, {
      details,
      cause: error,
      hint: "restore it from a backup, or move it aside to start an empty portfolio",
    });
  }
  if (
    code === "SQLITE_READONLY" ||
    code === "SQLITE_CANTOPEN" ||
    code === "SQLITE_PERM" ||
    code === "EACCES" ||
    code === "EPERM" ||
    code === "EROFS" ||
    code === "ENOTDIR" ||
    code === "EEXIST"
  ) {
    return new StoreError(`cannot write the portfolio database at ${location}: ${reason}`, {
      details,
      cause: error,
      hint: "check that the data folder exists and is writable by this user",
    });
  }
  if (code === "SQLITE_BUSY" || code === "40001" || code === "40P01" || code === "55P03") {
    return new StoreError(`the portfolio database at ${location} is busy: ${reason}`, {
      details: { ...details, retryable: true },
      cause: error,
      hint: "another writer held the database too long; try again",
    });
  }
  return new StoreError(`the portfolio database at ${location} answered with an error: ${reason}`, {
    details,
    cause: error,
  });
}
