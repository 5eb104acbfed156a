import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

/** An open SQLite connection (better-sqlite3). */
export type SqliteDatabase = Database.Database;

/**
 * Opens (and, with `create`, creates) an embedded SQLite file with the pragmas Bulwark relies on: WAL so
 * readers never see a half-written import, and NORMAL sync (durable at checkpoints, safe against
 * corruption). The caller applies its own schema.
 */
export function openSqlite(path: string, options: { create?: boolean } = {}): SqliteDatabase {
  if (options.create) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { fileMustExist: !options.create });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  return db;
}

/**
 * Runs `work` inside one transaction that may await (downloads between writes): everything it wrote is
 * committed at the end or, if it throws or the process dies, none of it is.
 */
export async function inTransaction<T>(db: SqliteDatabase, work: () => Promise<T>): Promise<T> {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = await work();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  }
}
