import type { CreateTableBuilder, Kysely } from "kysely";
import type { SqlDialect } from "../sql-dialect.js";
import type { Migration } from "./migration.js";

// biome-ignore lint/suspicious/noExplicitAny: see Migration
type Db = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: any table under construction
type Table = CreateTableBuilder<any, any>;

function withId(table: Table, dialect: SqlDialect): Table {
  return dialect.kind === "sqlite"
    ? table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    : table.addColumn("id", "bigint", (c) => c.primaryKey().generatedByDefaultAsIdentity());
}

/**
 * Incidents (issue 12): one per vulnerability being handled, its per-project status and its timeline. Project
 * ids carry no foreign key (like events): a deleted project's part in an incident stays as history, with its
 * name.
 */
export const incidentsMigration: Migration = {
  version: 3,
  name: "incidents",
  async up(db: Db, d: SqlDialect) {
    const { big, key } = d.types;
    await withId(db.schema.createTable("incidents"), d)
      .addColumn("vulnerability_id", key, (c) => c.notNull())
      .addColumn("aliases", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("owner", "text", (c) => c.notNull())
      .addColumn("status", key, (c) => c.notNull())
      .addColumn("opened_at", big, (c) => c.notNull())
      .addColumn("closed_at", big)
      .addColumn("opened_by", "text", (c) => c.notNull())
      .addColumn("updated_at", big, (c) => c.notNull())
      .execute();
    await db.schema.createIndex("incidents_by_status").on("incidents").columns(["status", "id"]).execute();
    // every id of the incident's alias group: "is an incident open for CVE-X" whichever id an event names
    await db.schema
      .createTable("incident_ids")
      .addColumn("incident_id", big, (c) => c.notNull().references("incidents.id").onDelete("cascade"))
      .addColumn("vuln_id", key, (c) => c.notNull())
      .addPrimaryKeyConstraint("incident_ids_pk", ["incident_id", "vuln_id"])
      .execute();
    await db.schema
      .createIndex("incident_ids_by_vuln")
      .on("incident_ids")
      .columns(["vuln_id", "incident_id"])
      .execute();
    await db.schema
      .createTable("incident_projects")
      .addColumn("incident_id", big, (c) => c.notNull().references("incidents.id").onDelete("cascade"))
      .addColumn("project_id", big, (c) => c.notNull())
      .addColumn("project_name", key, (c) => c.notNull())
      .addColumn("status", key, (c) => c.notNull())
      .addColumn("justification", "text")
      .addColumn("detail", "text")
      .addColumn("affected_at", big, (c) => c.notNull())
      .addColumn("changed_at", big, (c) => c.notNull())
      .addColumn("changed_by", "text", (c) => c.notNull())
      .addColumn("fixed_at", big)
      .addPrimaryKeyConstraint("incident_projects_pk", ["incident_id", "project_id"])
      .execute();
    await db.schema
      .createIndex("incident_projects_by_project")
      .on("incident_projects")
      .columns(["project_id", "incident_id"])
      .execute();
    await withId(db.schema.createTable("incident_events"), d)
      .addColumn("incident_id", big, (c) => c.notNull().references("incidents.id").onDelete("cascade"))
      .addColumn("at", big, (c) => c.notNull())
      .addColumn("type", key, (c) => c.notNull())
      .addColumn("project_id", big)
      .addColumn("project_name", key)
      .addColumn("status", "text")
      .addColumn("by", "text", (c) => c.notNull())
      .addColumn("details", "text")
      .execute();
    await db.schema
      .createIndex("incident_events_by_incident")
      .on("incident_events")
      .columns(["incident_id", "id"])
      .execute();
  },
};
