import type { Kysely } from "kysely";
import { StoreError } from "./errors.js";
import { MIGRATIONS, type Migration } from "./migrations/index.js";
import type { PortfolioDb } from "./schema.js";
import type { SqlDialect } from "./sql-dialect.js";

const MIGRATIONS_TABLE = "bulwark_schema_migrations";

/**
 * Brings the store's schema to the newest version this build knows, in one transaction (all or nothing),
 * one server instance at a time. Refuses a store written by a newer build (STORE_SCHEMA_NEWER, naming both
 * versions) and a database that holds someone else's tables under our names. Returns the schema version.
 */
export async function migrate(
  db: Kysely<PortfolioDb>,
  dialect: SqlDialect,
  location: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number> {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  return db.transaction().execute(async (trx) => {
    await dialect.lockMigrations(trx);
    const tables = new Set(await dialect.tables(trx));
    if (!tables.has(MIGRATIONS_TABLE)) {
      // A SQLite file is Bulwark's alone; a PostgreSQL schema may hold other tables, but not ours unannounced.
      const foreign =
        dialect.kind === "sqlite" ? [...tables] : [...tables].filter((t) => KNOWN_TABLES.has(t));
      if (foreign.length > 0) {
        throw new StoreError(
          `the database at ${location} is not a Bulwark portfolio store: it already holds tables (${foreign.slice(0, 5).join(", ")})`,
          {
            details: { location, tables: foreign.slice(0, 20) },
            hint: "point the server at an empty database or at a Bulwark portfolio database",
          },
        );
      }
      await trx.schema
        .createTable(MIGRATIONS_TABLE)
        .addColumn("version", "integer", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("applied_at", dialect.types.big, (c) => c.notNull())
        .execute();
    }
    const applied = await trx.selectFrom(MIGRATIONS_TABLE).select("version").execute();
    const done = new Set(applied.map((row) => Number(row.version)));
    const newest = Math.max(0, ...done);
    if (newest > latest) {
      throw new StoreError(
        `the portfolio database at ${location} has schema version ${newest}, newer than this Bulwark build knows (${latest})`,
        {
          code: "STORE_SCHEMA_NEWER",
          details: { location, storeVersion: newest, supportedVersion: latest },
          hint: "run a Bulwark release that knows this schema (the one that wrote it or newer), or use another database",
        },
      );
    }
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await migration.up(trx, dialect);
      await trx
        .insertInto(MIGRATIONS_TABLE)
        .values({ version: migration.version, name: migration.name, applied_at: Date.now() })
        .execute();
    }
    return latest;
  });
}

// The tables of the newest schema (a PostgreSQL schema that has any of them without our bookkeeping is refused).
const KNOWN_TABLES = new Set<string>([
  "projects",
  "project_tags",
  "project_versions",
  "snapshots",
  "components",
  "findings",
  "finding_ids",
  "finding_analyses",
  "finding_analysis_history",
  "events",
  "event_consumers",
  "api_keys",
  "audit_log",
  "advisory_imports",
  "metric_points",
  "sla_breach_reports",
] satisfies (keyof PortfolioDb)[]);
