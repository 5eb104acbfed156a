import type { Kysely } from "kysely";
import type { SqlDialect } from "../sql-dialect.js";

/**
 * One step of the schema. Versions are consecutive from 1; a store records every version it applied, and a
 * build refuses a store holding a version it does not know. Migrations are code (not files read at run
 * time), written once for both databases with the dialect's column types.
 */
export interface Migration {
  version: number;
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was, not today's types
  up(db: Kysely<any>, dialect: SqlDialect): Promise<void>;
}
