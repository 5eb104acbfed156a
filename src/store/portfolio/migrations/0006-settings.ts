import type { Kysely } from "kysely";
import type { SqlDialect } from "../sql-dialect.js";
import type { Migration } from "./migration.js";

/**
 * Server-wide settings that every instance sharing the database must see the same way, such as the secret
 * that signs dashboard sessions (so a restart or another instance keeps accepting them); and the index that
 * finds the findings detected lately (the portfolio's "advisories hitting the most projects this week").
 */
export const settingsMigration: Migration = {
  version: 6,
  name: "settings-recent-findings",
  // biome-ignore lint/suspicious/noExplicitAny: see Migration
  async up(db: Kysely<any>, d: SqlDialect) {
    await db.schema
      .createTable("server_settings")
      .addColumn("name", d.types.key, (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("findings_detected")
      .on("findings")
      .columns(["detected_at", "vulnerability_id", "project_id"])
      .execute();
  },
};
