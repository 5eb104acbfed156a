import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import Database from "better-sqlite3";

/** An open SQLite connection (better-sqlite3). */
export type SqliteDatabase = Database.Database;

/** Page cache of a writing connection (KiB), so that a batch of records rarely spills mid-transaction. */
const WRITE_CACHE_KIB = 32 * 1024;

/** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens an embedded SQLite file with the pragmas Bulwark relies on. `read` opens an existing file read-only:
 * it creates no file (no journal, no -wal/-shm) and works on read-only mounts and for users without write
 * access. `write` creates the file and its folder when missing.
 *
 * Writers leave the file in rollback-journal mode (`journal_mode = DELETE`), not WAL: a WAL file cannot be read
 * from a read-only folder (SQLite must create its -shm file), and with short write transactions readers lose
 * nothing by waiting out a commit (`busy_timeout`). `synchronous = FULL` is the safe setting for that mode.
 * `cell_size_check` makes SQLite verify page structure on every read, so more damage surfaces as
 * SQLITE_CORRUPT instead of silently missing rows. The caller applies its own schema.
 */
export async function openSqlite(path: string, mode: "read" | "write"): Promise<SqliteDatabase> {
  if (mode === "write") await mkdir(dirname(path), { recursive: true });
  const db =
    mode === "read"
      ? new Database(path, { readonly: true, fileMustExist: true })
      : new Database(path, { fileMustExist: false });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma("cell_size_check = ON");
    if (mode === "write") {
      db.pragma("journal_mode = DELETE");
      db.pragma("synchronous = FULL");
      // a write transaction bigger than the page cache spills pages to the file mid-transaction, which in
      // rollback-journal mode costs journal syncs: give writers a cache that holds a whole import batch
      db.pragma(`cache_size = -${WRITE_CACHE_KIB}`);
      db.pragma("foreign_keys = ON");
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
