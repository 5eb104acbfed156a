import { type CreateTableBuilder, type Kysely, sql } from "kysely";
import type { SqlDialect } from "../sql-dialect.js";
import type { Migration } from "./migration.js";

// biome-ignore lint/suspicious/noExplicitAny: see Migration
type Db = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: any table under construction
type Table = CreateTableBuilder<any, any>;

/**
 * An id that is never reused (events and findings are referred to from outside: notifications, URLs).
 * SQLite AUTOINCREMENT; PostgreSQL identity (a sequence).
 */
function withId(table: Table, dialect: SqlDialect): Table {
  return dialect.kind === "sqlite"
    ? table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    : table.addColumn("id", "bigint", (c) => c.primaryKey().generatedByDefaultAsIdentity());
}

async function projects(db: Db, d: SqlDialect): Promise<void> {
  const { big, key, real } = d.types;
  let t = withId(db.schema.createTable("projects"), d)
    .addColumn("name", key, (c) => c.notNull().unique())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", big, (c) => c.notNull())
    .addColumn("updated_at", big, (c) => c.notNull())
    .addColumn("last_upload_at", big, (c) => c.notNull().defaultTo(0));
  for (const column of ["critical", "high", "medium", "low", "unknown", "total", "kev"]) {
    t = t.addColumn(`open_${column}`, "integer", (c) => c.notNull().defaultTo(0));
  }
  await t.addColumn("risk_score", real, (c) => c.notNull().defaultTo(0)).execute();
  // One index per sort key of the project list, with the id as tie-breaker (keyset cursors).
  for (const [name, column] of [
    ["risk", "risk_score"],
    ["open", "open_total"],
    ["kev", "open_kev"],
    ["last_upload", "last_upload_at"],
    ["created", "created_at"],
    ["updated", "updated_at"],
  ]) {
    await db.schema
      .createIndex(`projects_by_${name}`)
      .on("projects")
      .columns([column as string, "id"])
      .execute();
  }

  await db.schema
    .createTable("project_tags")
    .addColumn("project_id", big, (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("tag", key, (c) => c.notNull())
    .addPrimaryKeyConstraint("project_tags_pk", ["project_id", "tag"])
    .execute();
  await db.schema
    .createIndex("project_tags_by_tag")
    .on("project_tags")
    .columns(["tag", "project_id"])
    .execute();
}

async function snapshots(db: Db, d: SqlDialect): Promise<void> {
  const { big, key, blob } = d.types;
  await withId(db.schema.createTable("snapshots"), d)
    .addColumn("project_id", big, (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("version", key, (c) => c.notNull())
    .addColumn("created_at", big, (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("component_count", "integer", (c) => c.notNull())
    .addColumn("content_bytes", "integer", (c) => c.notNull())
    .addColumn("digest", "text")
    .addColumn("uploaded_by", "text")
    // Last: SQLite reads a row's columns in order, so listing snapshots never touches the content's pages.
    .addColumn("content", blob, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("snapshots_by_project_version")
    .on("snapshots")
    .columns(["project_id", "version", "id"])
    .execute();
  await db.schema.createIndex("snapshots_by_project").on("snapshots").columns(["project_id", "id"]).execute();

  // A project version and its current snapshot (the newest one added).
  await db.schema
    .createTable("project_versions")
    .addColumn("project_id", big, (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("version", key, (c) => c.notNull())
    .addColumn("current_snapshot_id", big, (c) => c.notNull())
    .addColumn("component_count", "integer", (c) => c.notNull())
    .addColumn("updated_at", big, (c) => c.notNull())
    .addPrimaryKeyConstraint("project_versions_pk", ["project_id", "version"])
    .execute();
}

async function components(db: Db, d: SqlDialect): Promise<void> {
  const { big, key } = d.types;
  // The hot table (millions of rows). SQLite: the id is the rowid (free). PostgreSQL: an identity without a
  // primary-key index — nothing looks a component up by id alone, and that index would cost ~100 MB per 5M rows.
  const table =
    d.kind === "sqlite"
      ? db.schema.createTable("components").addColumn("id", "integer", (c) => c.primaryKey())
      : db.schema
          .createTable("components")
          .addColumn("id", "bigint", (c) => c.notNull().generatedByDefaultAsIdentity());
  await table
    .addColumn("project_id", big, (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("project_version", key, (c) => c.notNull())
    .addColumn("purl", key, (c) => c.notNull())
    .addColumn("ecosystem", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("key_ecosystem", "text", (c) => c.notNull())
    .addColumn("key_name", "text", (c) => c.notNull())
    .addColumn("direct", "integer")
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("licenses", "text", (c) => c.notNull())
    .addColumn("locations", "text", (c) => c.notNull())
    .addColumn("paths", "text", (c) => c.notNull())
    .execute();
  // A project version's components (replace, list) and the reverse index (advisory imports, reverse
  // lookups), ordered by project so that lookups page by (project_id, id).
  await db.schema
    .createIndex("components_by_project")
    .on("components")
    .columns(["project_id", "project_version", "purl"])
    .unique()
    .execute();
  await db.schema
    .createIndex("components_by_package")
    .on("components")
    .columns(["key_ecosystem", "key_name", "project_id", "id"])
    .execute();
}

async function findings(db: Db, d: SqlDialect): Promise<void> {
  const { big, key, real } = d.types;
  await withId(db.schema.createTable("findings"), d)
    .addColumn("project_id", big, (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("project_version", key, (c) => c.notNull())
    .addColumn("purl", key, (c) => c.notNull())
    .addColumn("vulnerability_id", key, (c) => c.notNull())
    .addColumn("key_ecosystem", "text", (c) => c.notNull())
    .addColumn("key_name", "text", (c) => c.notNull())
    .addColumn("package_version", "text", (c) => c.notNull())
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("severity_rank", "integer", (c) => c.notNull())
    .addColumn("severity_score", real)
    .addColumn("kev", "integer", (c) => c.notNull())
    .addColumn("epss", real)
    .addColumn("priority", real, (c) => c.notNull())
    .addColumn("direct", "integer")
    .addColumn("scope", "text")
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("published_at", big)
    .addColumn("detected_at", big, (c) => c.notNull())
    .addColumn("fixed_at", big)
    .addColumn("withdrawn_at", big)
    .addColumn("suppressed_at", big)
    .addColumn("sla_due_at", big)
    .addColumn("detected_snapshot_id", big)
    .addColumn("fixed_snapshot_id", big)
    .addColumn("updated_at", big, (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .execute();
  const indexes: [string, string[], boolean?][] = [
    // identity; also a project's findings, a project version's findings
    ["findings_identity", ["project_id", "project_version", "purl", "vulnerability_id"], true],
    // open counts per project (refreshCounts reads only this index), state filters of a project's list
    ["findings_by_project_state", ["project_id", "state", "severity", "kev"]],
    // re-matching after an advisory import: the findings of a package, paged by id
    ["findings_by_package", ["key_ecosystem", "key_name", "id"]],
    // the patch-response clock: SLA breaches (open, due before now), fixes and detections in a period
    ["findings_by_sla", ["state", "sla_due_at"]],
    ["findings_by_fixed_at", ["fixed_at"]],
    ["findings_by_detected_at", ["detected_at"]],
  ];
  for (const [name, columns, unique] of indexes) {
    const index = db.schema.createIndex(name).on("findings").columns(columns);
    await (unique ? index.unique() : index).execute();
  }

  // Every id of a finding's vulnerability (primary and aliases): "which projects does CVE-X hit" is an index
  // lookup, whichever id the advisory database chose as primary.
  await db.schema
    .createTable("finding_ids")
    .addColumn("finding_id", big, (c) => c.notNull().references("findings.id").onDelete("cascade"))
    .addColumn("vuln_id", key, (c) => c.notNull())
    .addPrimaryKeyConstraint("finding_ids_pk", ["vuln_id", "finding_id"])
    .execute();
  await db.schema.createIndex("finding_ids_by_finding").on("finding_ids").column("finding_id").execute();

  await db.schema
    .createTable("finding_analyses")
    .addColumn("finding_id", big, (c) => c.primaryKey().references("findings.id").onDelete("cascade"))
    .addColumn("project_id", big, (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("justification", "text")
    .addColumn("responses", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .addColumn("by", "text", (c) => c.notNull())
    .addColumn("at", big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("finding_analyses_by_project")
    .on("finding_analyses")
    .columns(["project_id", "finding_id"])
    .execute();
  await withId(db.schema.createTable("finding_analysis_history"), d)
    .addColumn("finding_id", big, (c) => c.notNull().references("findings.id").onDelete("cascade"))
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("justification", "text")
    .addColumn("responses", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .addColumn("by", "text", (c) => c.notNull())
    .addColumn("at", big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("finding_analysis_history_by_finding")
    .on("finding_analysis_history")
    .columns(["finding_id", "id"])
    .execute();
}

async function outboxAndAccess(db: Db, d: SqlDialect): Promise<void> {
  const { big, key } = d.types;
  // Events outlive their project (no foreign key): the history of a deleted project stays readable.
  await withId(db.schema.createTable("events"), d)
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("occurred_at", big, (c) => c.notNull())
    .addColumn("project_id", big)
    .addColumn("payload", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("events_by_project").on("events").columns(["project_id", "id"]).execute();
  await db.schema
    .createTable("event_consumers")
    .addColumn("name", key, (c) => c.primaryKey())
    .addColumn("cursor", big, (c) => c.notNull())
    .addColumn("updated_at", big, (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable("api_keys"), d)
    .addColumn("name", key, (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("project_patterns", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", big, (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("last_used_at", big)
    .addColumn("revoked_at", big)
    .execute();
  // A name is unique among active keys: a revoked key's name can be given to its replacement.
  await db.schema
    .createIndex("api_keys_active_name")
    .on("api_keys")
    .column("name")
    .unique()
    .where(sql.ref("revoked_at"), "is", null)
    .execute();

  await withId(db.schema.createTable("audit_log"), d)
    .addColumn("at", big, (c) => c.notNull())
    .addColumn("key_name", key, (c) => c.notNull())
    .addColumn("action", key, (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("details", "text")
    .execute();
  await db.schema.createIndex("audit_log_by_key").on("audit_log").columns(["key_name", "id"]).execute();
  await db.schema.createIndex("audit_log_by_action").on("audit_log").columns(["action", "id"]).execute();
  await db.schema.createIndex("audit_log_by_at").on("audit_log").columns(["at", "id"]).execute();

  await withId(db.schema.createTable("advisory_imports"), d)
    .addColumn("at", big, (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("imported", "integer", (c) => c.notNull())
    .addColumn("replaced", "integer", (c) => c.notNull())
    .addColumn("new_findings", "integer", (c) => c.notNull())
    .addColumn("closed_findings", "integer", (c) => c.notNull())
    .addColumn("affected_projects", "integer", (c) => c.notNull())
    .addColumn("ms", "integer", (c) => c.notNull())
    .execute();
}

/** The first schema: projects, snapshots, components, findings and triage, events, keys, audit, imports. */
export const initialMigration: Migration = {
  version: 1,
  name: "initial",
  async up(db, dialect) {
    await projects(db, dialect);
    await snapshots(db, dialect);
    await components(db, dialect);
    await findings(db, dialect);
    await outboxAndAccess(db, dialect);
  },
};
