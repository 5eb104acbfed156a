import { type Kysely, sql } from "kysely";
import type { SqlDialect } from "../sql-dialect.js";
import type { Migration } from "./migration.js";

// biome-ignore lint/suspicious/noExplicitAny: see Migration
type Db = Kysely<any>;

/**
 * Issue 12, audit ranking and server policies:
 * - `risk_results`: every `bulwark risk` result uploaded, linked to a package (advisory index key) and its
 *   repository; `package_risk` keeps the newest per package (what the ranking and policies read).
 * - `package_usage`: one row per package the portfolio holds, maintained by the store on every component
 *   and finding change (see repositories/package-usage.ts), so the ranking is an index read, not a grouping
 *   of millions of component rows.
 * - `policy_violations`: the violations of the server's policy per project, current (resolved_at NULL) and
 *   past.
 */
export const rankingPoliciesMigration: Migration = {
  version: 5,
  name: "ranking-policies",
  async up(db: Db, d: SqlDialect) {
    const { big, key, real } = d.types;
    const withId = (name: string) =>
      d.kind === "sqlite"
        ? db.schema.createTable(name).addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        : db.schema
            .createTable(name)
            .addColumn("id", "bigint", (c) => c.primaryKey().generatedByDefaultAsIdentity());

    await withId("risk_results")
      .addColumn("key_ecosystem", key, (c) => c.notNull())
      .addColumn("key_name", key, (c) => c.notNull())
      .addColumn("purl", "text", (c) => c.notNull())
      .addColumn("repository", "text")
      .addColumn("score", real)
      .addColumn("criticality", real)
      .addColumn("checked_at", big, (c) => c.notNull())
      .addColumn("uploaded_at", big, (c) => c.notNull())
      .addColumn("uploaded_by", "text", (c) => c.notNull())
      .addColumn("summary", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("risk_results_by_package")
      .on("risk_results")
      .columns(["key_ecosystem", "key_name", "id"])
      .execute();

    await db.schema
      .createTable("package_risk")
      .addColumn("key_ecosystem", key, (c) => c.notNull())
      .addColumn("key_name", key, (c) => c.notNull())
      .addColumn("result_id", big, (c) => c.notNull())
      .addColumn("score", real)
      .addColumn("criticality", real)
      .addPrimaryKeyConstraint("package_risk_pk", ["key_ecosystem", "key_name"])
      .execute();

    await db.schema
      .createTable("package_usage")
      .addColumn("key_ecosystem", key, (c) => c.notNull())
      .addColumn("key_name", key, (c) => c.notNull())
      .addColumn("sample_purl", "text", (c) => c.notNull())
      .addColumn("projects", "integer", (c) => c.notNull())
      .addColumn("direct_projects", "integer", (c) => c.notNull())
      .addColumn("transitive_projects", "integer", (c) => c.notNull())
      .addColumn("open_vulns", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("open_findings", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("kev_vulns", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("criticality", real)
      .addColumn("risk_score", real)
      .addColumn("score", real, (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint("package_usage_pk", ["key_ecosystem", "key_name"])
      .execute();
    // The ranking's two access paths: the whole portfolio, and one ecosystem (score descending, key ascending).
    await sql`create index package_usage_by_score on package_usage (score desc, key_ecosystem, key_name)`.execute(
      db,
    );
    await sql`create index package_usage_by_ecosystem on package_usage (key_ecosystem, score desc, key_name)`.execute(
      db,
    );

    await withId("policy_violations")
      .addColumn("project_id", big, (c) => c.notNull().references("projects.id").onDelete("cascade"))
      .addColumn("rule", "text", (c) => c.notNull())
      .addColumn("level", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("purl", "text")
      .addColumn("message", "text", (c) => c.notNull())
      .addColumn("data", "text", (c) => c.notNull())
      .addColumn("detected_at", big, (c) => c.notNull())
      .addColumn("resolved_at", big)
      .execute();
    await db.schema
      .createIndex("policy_violations_by_project")
      .on("policy_violations")
      .columns(["project_id", "resolved_at", "id"])
      .execute();
  },
};
