import { BulwarkError, type BulwarkErrorOptions, type ErrorCode } from "../model/errors.js";

/**
 * A failure of the advisory storage: damaged (ADVISORY_DB_CORRUPT), not writable (ADVISORY_DB_READ_ONLY),
 * written by a newer Bulwark (STORE_SCHEMA_NEWER), unreachable or busy (STORE_FAILED), or not an advisory
 * database at all (ADVISORY_DB_UNUSABLE, the default).
 */
export class AdvisoryStoreError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("ADVISORY_DB_UNUSABLE", message, options);
  }
}

/** The SQLite result-code families and what they mean for the advisory database. */
const SQLITE_CODES: { prefix: string; code: ErrorCode; what: string; hint: string }[] = [
  {
    prefix: "SQLITE_CORRUPT",
    code: "ADVISORY_DB_CORRUPT",
    what: "is damaged",
    hint: "rebuild it (import or update into a new file, then replace this one); its answers cannot be trusted",
  },
  {
    prefix: "SQLITE_NOTADB",
    code: "ADVISORY_DB_CORRUPT",
    what: "is damaged or is not a database file",
    hint: "rebuild it (import or update into a new file, then replace this one)",
  },
  {
    prefix: "SQLITE_READONLY",
    code: "ADVISORY_DB_READ_ONLY",
    what: "cannot be written",
    hint: "write with a user that may change the file and its folder, or work on a writable copy",
  },
  {
    prefix: "SQLITE_CANTOPEN",
    code: "ADVISORY_DB_UNUSABLE",
    what: "cannot be opened",
    hint: "check that the path is a file you may read (and, to write, that its folder exists and is writable)",
  },
  {
    prefix: "SQLITE_BUSY",
    code: "STORE_FAILED",
    what: "is locked by another process",
    hint: "wait for the other import or update to finish and try again",
  },
  {
    prefix: "SQLITE_FULL",
    code: "STORE_FAILED",
    what: "cannot grow: the disk is full",
    hint: "free disk space; nothing of this write was kept",
  },
  {
    prefix: "SQLITE_IOERR",
    code: "STORE_FAILED",
    what: "cannot be read or written (I/O error)",
    hint: "check the disk and the file system",
  },
];

/**
 * Turns a better-sqlite3 error into an AdvisoryStoreError naming the file; other errors are returned as they
 * are. `during` says what was being done ("reading", "writing", "opening").
 */
export function storeErrorFrom(error: unknown, path: string, during: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return error;
  // a journal that cannot be created next to the file means a folder the writer may not change
  const journal = during === "writing" && code.startsWith("SQLITE_CANTOPEN");
  const known = journal
    ? SQLITE_CODES.find((c) => c.prefix === "SQLITE_READONLY")
    : SQLITE_CODES.find((c) => code.startsWith(c.prefix));
  const message = (error as Error).message;
  return new AdvisoryStoreError(
    `the advisory database ${path} ${known?.what ?? "failed"} (${during}: ${message})`,
    {
      code: known?.code ?? "ADVISORY_DB_UNUSABLE",
      details: { path, sqlite: code },
      hint: known?.hint,
      cause: error,
    },
  );
}
