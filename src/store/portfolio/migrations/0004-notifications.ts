import type { CreateTableBuilder } from "kysely";
import type { SqlDialect } from "../sql-dialect.js";
import type { Migration } from "./migration.js";

// biome-ignore lint/suspicious/noExplicitAny: any table under construction
type Table = CreateTableBuilder<any, any>;

/** An id never reused (rule ids appear in URLs, message ids and the delivery log). */
function withId(table: Table, dialect: SqlDialect, column = "id"): Table {
  return dialect.kind === "sqlite"
    ? table.addColumn(column, "integer", (c) => c.primaryKey().autoIncrement())
    : table.addColumn(column, "bigint", (c) => c.primaryKey().generatedByDefaultAsIdentity());
}

/**
 * Notifications (src/notify's NotificationStore): rules, the queue of deliveries per destination, digest
 * buffers, each destination's state and the delivery log. The notifier's outbox position is an
 * `event_consumers` row ("notifications"). Queue, buffers and state go with their rule; the log stays.
 */
export const notificationsMigration: Migration = {
  version: 4,
  name: "notifications",
  async up(db, d) {
    const { big, key } = d.types;
    // The rule as JSON (its shape belongs to src/notify); the secret of a webhook is in it: never listed raw.
    await withId(db.schema.createTable("notification_rules"), d)
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("created_at", big, (c) => c.notNull())
      .addColumn("rule", "text", (c) => c.notNull())
      .execute();

    // `seq` is the queue order; the head of a destination's queue is its lowest seq.
    await withId(db.schema.createTable("notification_deliveries"), d, "seq")
      .addColumn("id", key, (c) => c.notNull().unique())
      .addColumn("rule_id", big, (c) => c.notNull().references("notification_rules.id").onDelete("cascade"))
      .addColumn("content", "text", (c) => c.notNull())
      .addColumn("created_at", big, (c) => c.notNull())
      .addColumn("next_attempt_at", big, (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("first_attempt_at", big)
      .addColumn("last_error", "text")
      .addColumn("lease_owner", "text")
      .addColumn("lease_until", big)
      .execute();
    await db.schema
      .createIndex("notification_deliveries_by_rule")
      .on("notification_deliveries")
      .columns(["rule_id", "seq"])
      .execute();

    await withId(db.schema.createTable("notification_digest_entries"), d)
      .addColumn("rule_id", big, (c) => c.notNull().references("notification_rules.id").onDelete("cascade"))
      .addColumn("due_at", big, (c) => c.notNull())
      .addColumn("sequence", big, (c) => c.notNull())
      .addColumn("event", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("notification_digest_entries_by_due")
      .on("notification_digest_entries")
      .columns(["due_at", "rule_id", "id"])
      .execute();
    await db.schema
      .createIndex("notification_digest_entries_by_rule")
      .on("notification_digest_entries")
      .columns(["rule_id", "due_at"])
      .execute();

    await db.schema
      .createTable("notification_destinations")
      .addColumn("rule_id", big, (c) =>
        c.primaryKey().references("notification_rules.id").onDelete("cascade"),
      )
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("reason", "text")
      .addColumn("paused_at", big)
      .addColumn("consecutive_failures", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("last_error", "text")
      .addColumn("last_success_at", big)
      .addColumn("last_failure_at", big)
      .execute();

    // No foreign key: a deleted rule's log stays readable.
    await withId(db.schema.createTable("notification_log"), d)
      .addColumn("rule_id", big, (c) => c.notNull())
      .addColumn("delivery_id", "text", (c) => c.notNull())
      .addColumn("message_id", "text", (c) => c.notNull())
      .addColumn("message_type", "text", (c) => c.notNull())
      .addColumn("attempt", "integer", (c) => c.notNull())
      .addColumn("started_at", big, (c) => c.notNull())
      .addColumn("duration_ms", "integer", (c) => c.notNull())
      .addColumn("outcome", "text", (c) => c.notNull())
      .addColumn("status", "integer")
      .addColumn("error", "text")
      .addColumn("next_attempt_at", big)
      .execute();
    await db.schema
      .createIndex("notification_log_by_rule")
      .on("notification_log")
      .columns(["rule_id", "id"])
      .execute();
  },
};
