// biome-ignore-all lint/suspicious/noExplicitAny: a migration sees the schema as it was, not today's types
import type { Kysely } from "kysely";
import type { SqlDialect } from "../sql-dialect.js";
import type { Migration } from "./migration.js";

/**
 * The patch-response clock (issue 12): the daily history of open findings and SLA breaches, and which
 * breaches were already announced.
 *
 * `metric_points` holds one row per scope and UTC day, written only when the scope's figures changed that
 * day (compacted: a quiet project costs nothing); a day without a row has its scope's last earlier row's
 * figures. Scopes: "*" the portfolio, "tag:<tag>", "project:<id>". Rows are never deleted (no foreign key:
 * a deleted project's history stays readable).
 */
async function up(db: Kysely<any>, d: SqlDialect): Promise<void> {
  const { big, key } = d.types;
  let points = db.schema
    .createTable("metric_points")
    .addColumn("scope", key, (c) => c.notNull())
    // days since 1970-01-01 (UTC)
    .addColumn("day", "integer", (c) => c.notNull())
    .addColumn("projects", "integer", (c) => c.notNull());
  for (const column of ["critical", "high", "medium", "low", "unknown", "total", "kev"])
    points = points.addColumn(`open_${column}`, "integer", (c) => c.notNull());
  await points
    .addColumn("breached", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("metric_points_pk", ["scope", "day"])
    .execute();

  // The clock's figures read this index alone (no finding row, whose JSON is large, is touched): breaches,
  // ages, times to remediate and detect by severity, for the whole portfolio or restricted by project.
  await db.schema
    .createIndex("findings_clock")
    .on("findings")
    .columns([
      "state",
      "severity",
      "kev",
      "sla_due_at",
      "detected_at",
      "fixed_at",
      "published_at",
      "project_id",
    ])
    .execute();

  await db.schema
    .createTable("sla_breach_reports")
    .addColumn("finding_id", big, (c) => c.primaryKey().references("findings.id").onDelete("cascade"))
    .addColumn("reported_at", big, (c) => c.notNull())
    .execute();
}

export const clockMigration: Migration = { version: 2, name: "clock", up };
