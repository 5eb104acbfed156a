import type { Generated, Kysely } from "kysely";
import type {
  AttemptRecord,
  ClaimRequest,
  Delivery,
  DeliveryContent,
  DeliveryLogEntry,
  DestinationState,
  DigestBatch,
  NewDelivery,
  NotificationStore,
  OutboxStep,
  Page,
  PageRequest,
} from "../../../notify/ports.js";
import type { NewNotificationRule, NotificationRule } from "../../../notify/rules.js";
import { insertJsonRows } from "../bulk.js";
import type { StoreContext } from "../context.js";
import { invalidInput } from "../errors.js";
import { decodeCursor, pageLimit, toPage } from "../pagination.js";
import type { PortfolioDb } from "../schema.js";
import { optionalMs, toInstant, toMs } from "../time.js";

// The tables of migration 0004, typed here: they belong to notifications alone.
interface RulesTable {
  id: Generated<number>;
  name: string;
  created_at: number;
  rule: string;
}
interface DeliveriesTable {
  seq: Generated<number>;
  id: string;
  rule_id: number;
  content: string;
  created_at: number;
  next_attempt_at: number;
  attempts: Generated<number>;
  first_attempt_at: number | null;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: number | null;
}
interface DigestEntriesTable {
  id: Generated<number>;
  rule_id: number;
  due_at: number;
  sequence: number;
  event: string;
}
interface DestinationsTable {
  rule_id: number;
  status: string;
  reason: string | null;
  paused_at: number | null;
  consecutive_failures: number;
  last_error: string | null;
  last_success_at: number | null;
  last_failure_at: number | null;
}
interface LogTable {
  id: Generated<number>;
  rule_id: number;
  delivery_id: string;
  message_id: string;
  message_type: string;
  attempt: number;
  started_at: number;
  duration_ms: number;
  outcome: string;
  status: number | null;
  error: string | null;
  next_attempt_at: number | null;
}
type Db = PortfolioDb & {
  notification_rules: RulesTable;
  notification_deliveries: DeliveriesTable;
  notification_digest_entries: DigestEntriesTable;
  notification_destinations: DestinationsTable;
  notification_log: LogTable;
};
type DeliveryRow = Omit<DeliveriesTable, "seq" | "attempts"> & { seq: number; attempts: number };

/** The events-outbox consumer whose saved position is the notifier's. */
export const NOTIFICATIONS_CONSUMER = "notifications";

/** A rule id as stored, or undefined when the string is no id this store gave (nothing has it). */
function ruleKey(id: string): number | undefined {
  if (typeof id !== "string" || !/^[1-9]\d{0,15}$/.test(id)) return undefined;
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A rule id given to a write; a USAGE error when it cannot be one. */
function requireRuleKey(id: string): number {
  const key = ruleKey(id);
  if (key === undefined) throw invalidInput(`a notification rule id is a positive integer, not ${id}`);
  return key;
}

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  ruleId: String(r.rule_id),
  content: JSON.parse(r.content) as DeliveryContent,
  createdAt: toInstant(r.created_at),
  nextAttemptAt: toInstant(r.next_attempt_at),
  attempts: r.attempts,
  ...(r.first_attempt_at !== null ? { firstAttemptAt: toInstant(r.first_attempt_at) } : {}),
  ...(r.last_error !== null ? { lastError: r.last_error } : {}),
  ...(r.lease_owner !== null ? { leaseOwner: r.lease_owner } : {}),
  ...(r.lease_until !== null ? { leaseUntil: toInstant(r.lease_until) } : {}),
});

const toState = (ruleId: string, r: DestinationsTable | undefined): DestinationState => {
  if (!r) return { ruleId, status: "active", consecutiveFailures: 0 };
  return {
    ruleId,
    status: r.status === "paused" ? "paused" : "active",
    ...(r.reason !== null ? { reason: r.reason } : {}),
    ...(r.paused_at !== null ? { pausedAt: toInstant(r.paused_at) } : {}),
    consecutiveFailures: r.consecutive_failures,
    ...(r.last_error !== null ? { lastError: r.last_error } : {}),
    ...(r.last_success_at !== null ? { lastSuccessAt: toInstant(r.last_success_at) } : {}),
    ...(r.last_failure_at !== null ? { lastFailureAt: toInstant(r.last_failure_at) } : {}),
  };
};

const toLogEntry = (r: LogTable & { id: number }): DeliveryLogEntry => ({
  id: r.id,
  ruleId: String(r.rule_id),
  deliveryId: r.delivery_id,
  messageId: r.message_id,
  messageType: r.message_type,
  attempt: r.attempt,
  startedAt: toInstant(r.started_at),
  durationMs: r.duration_ms,
  outcome: r.outcome as DeliveryLogEntry["outcome"],
  ...(r.status !== null ? { status: r.status } : {}),
  ...(r.error !== null ? { error: r.error } : {}),
  ...(r.next_attempt_at !== null ? { nextAttemptAt: toInstant(r.next_attempt_at) } : {}),
});

/**
 * The notification store on the portfolio database (SQLite or PostgreSQL). Every method is one short
 * transaction. What several server instances race for is decided by conditional writes the database
 * serialises: the outbox cursor moves by `update … where cursor = from`, a claim sets a lease by
 * `update … where the lease is free`, and an attempt is recorded only by `update/delete … where lease_owner
 * = owner` — so two instances never both make one attempt, and a late one writes nothing.
 */
export class SqlNotificationStore implements NotificationStore {
  constructor(private readonly ctx: StoreContext) {}

  private get db(): Kysely<Db> {
    return this.ctx.db as unknown as Kysely<Db>;
  }

  private atomic<T>(work: (db: Kysely<Db>) => Promise<T>): Promise<T> {
    return this.ctx.atomic((db) => work(db as unknown as Kysely<Db>));
  }

  // Rules ------------------------------------------------------------------------------------------------

  async addRule(rule: NewNotificationRule): Promise<NotificationRule> {
    const row = await this.db
      .insertInto("notification_rules")
      .values({
        name: rule.name,
        created_at: toMs(rule.createdAt, "the rule's creation time"),
        rule: JSON.stringify(rule),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ...structuredClone(rule), id: String(row.id) };
  }

  async getRule(id: string): Promise<NotificationRule | undefined> {
    const key = ruleKey(id);
    if (key === undefined) return undefined;
    const row = await this.db
      .selectFrom("notification_rules")
      .selectAll()
      .where("id", "=", key)
      .executeTakeFirst();
    return row && { ...(JSON.parse(row.rule) as NewNotificationRule), id: String(row.id) };
  }

  async listRules(page?: PageRequest): Promise<Page<NotificationRule>> {
    const limit = pageLimit(page?.limit);
    const [after] = decodeCursor(page?.cursor, "notification-rules", ["number"]) ?? [0];
    const rows = await this.db
      .selectFrom("notification_rules")
      .selectAll()
      .where("id", ">", after as number)
      .orderBy("id")
      .limit(limit + 1)
      .execute();
    return toPage(
      rows,
      limit,
      (r) => ({ ...(JSON.parse(r.rule) as NewNotificationRule), id: String(r.id) }),
      "notification-rules",
      (r) => [r.id],
    );
  }

  async deleteRule(id: string): Promise<boolean> {
    const key = ruleKey(id);
    if (key === undefined) return false;
    return this.atomic(async (db) => {
      // Children first: SQLite's foreign keys cascade too, but the order keeps both databases alike.
      await db.deleteFrom("notification_deliveries").where("rule_id", "=", key).execute();
      await db.deleteFrom("notification_digest_entries").where("rule_id", "=", key).execute();
      await db.deleteFrom("notification_destinations").where("rule_id", "=", key).execute();
      const result = await db.deleteFrom("notification_rules").where("id", "=", key).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  // The events outbox -------------------------------------------------------------------------------------

  async outboxCursor(): Promise<number> {
    const row = await this.db
      .selectFrom("event_consumers")
      .select("cursor")
      .where("name", "=", NOTIFICATIONS_CONSUMER)
      .executeTakeFirst();
    return row ? Number(row.cursor) : 0;
  }

  async advanceOutbox(step: OutboxStep): Promise<boolean> {
    const atMs = toMs(step.at, "the step time");
    if (!Number.isSafeInteger(step.to) || step.to < step.from)
      throw invalidInput("the outbox step's new cursor is an integer not before its start");
    return this.atomic(async (db) => {
      if (step.from === 0) {
        await db
          .insertInto("event_consumers")
          .values({ name: NOTIFICATIONS_CONSUMER, cursor: 0, updated_at: atMs })
          .onConflict((oc) => oc.column("name").doNothing())
          .execute();
      }
      // The compare-and-set: a concurrent step from the same cursor waits for this one, then matches nothing.
      const moved = await db
        .updateTable("event_consumers")
        .set({ cursor: step.to, updated_at: atMs })
        .where("name", "=", NOTIFICATIONS_CONSUMER)
        .where("cursor", "=", step.from)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 0) return false;
      await this.enqueue(db, step.deliveries);
      const rules = await this.existingRules(
        db,
        step.digestEntries.map((e) => e.ruleId),
      );
      const entries = step.digestEntries
        .filter((e) => rules.has(e.ruleId))
        .map((e) => [
          Number(e.ruleId),
          toMs(e.dueAt, "a digest's due time"),
          e.event.sequence,
          JSON.stringify(e.event),
        ]);
      if (entries.length > 0)
        await insertJsonRows(
          db,
          this.ctx.dialect,
          "notification_digest_entries",
          [
            ["rule_id", "int"],
            ["due_at", "int"],
            ["sequence", "int"],
            ["event", "text"],
          ],
          entries,
        );
      return true;
    });
  }

  /** Of these rule ids, the ones that exist. */
  private async existingRules(db: Kysely<Db>, ids: readonly string[]): Promise<Set<string>> {
    const keys = [...new Set(ids.map(ruleKey).filter((k): k is number => k !== undefined))];
    if (keys.length === 0) return new Set();
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await db
        .selectFrom("notification_rules")
        .select("id")
        .where("id", "in", keys.slice(i, i + 500))
        .execute();
      for (const r of rows) found.add(String(r.id));
    }
    return found;
  }

  /** Queues deliveries in order, skipping ids already queued and rules that no longer exist. */
  private async enqueue(db: Kysely<Db>, deliveries: readonly NewDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const rules = await this.existingRules(
      db,
      deliveries.map((d) => d.ruleId),
    );
    const seen = new Set<string>();
    const wanted = deliveries.filter((d) => rules.has(d.ruleId) && !seen.has(d.id) && seen.add(d.id));
    const queued = new Set<string>();
    for (let i = 0; i < wanted.length; i += 500) {
      const rows = await db
        .selectFrom("notification_deliveries")
        .select("id")
        .where(
          "id",
          "in",
          wanted.slice(i, i + 500).map((d) => d.id),
        )
        .execute();
      for (const r of rows) queued.add(r.id);
    }
    const rows = wanted
      .filter((d) => !queued.has(d.id))
      .map((d) => [
        d.id,
        Number(d.ruleId),
        JSON.stringify(d.content),
        toMs(d.createdAt, "a delivery's creation time"),
        toMs(d.nextAttemptAt, "a delivery's due time"),
      ]);
    if (rows.length === 0) return;
    // json_each / jsonb_array_elements keep the array's order, so seq follows queue order.
    await insertJsonRows(
      db,
      this.ctx.dialect,
      "notification_deliveries",
      [
        ["id", "text"],
        ["rule_id", "int"],
        ["content", "text"],
        ["created_at", "int"],
        ["next_attempt_at", "int"],
      ],
      rows,
    );
  }

  // Digests -----------------------------------------------------------------------------------------------

  async dueDigests(now: string, limit = 100): Promise<DigestBatch[]> {
    const nowMs = toMs(now, "now");
    const groups = await this.db
      .selectFrom("notification_digest_entries")
      .select((eb) => ["rule_id", "due_at", eb.fn.min("id").as("first")])
      .where("due_at", "<=", nowMs)
      .groupBy(["rule_id", "due_at"])
      .orderBy("due_at")
      .orderBy("first")
      .limit(Math.max(1, Math.min(limit, 1000)))
      .execute();
    const batches: DigestBatch[] = [];
    for (const group of groups) {
      const rows = await this.db
        .selectFrom("notification_digest_entries")
        .select("event")
        .where("rule_id", "=", group.rule_id)
        .where("due_at", "=", group.due_at)
        .orderBy("sequence")
        .orderBy("id")
        .execute();
      batches.push({
        ruleId: String(group.rule_id),
        dueAt: toInstant(Number(group.due_at)),
        events: rows.map((r) => JSON.parse(r.event)),
      });
    }
    return batches;
  }

  async flushDigest(batch: { ruleId: string; dueAt: string; deliveries: NewDelivery[] }): Promise<boolean> {
    const key = ruleKey(batch.ruleId);
    if (key === undefined) return false;
    const dueMs = toMs(batch.dueAt, "the digest's due time");
    return this.atomic(async (db) => {
      // Only one instance deletes the entries; the other's delete matches nothing and it queues nothing.
      const removed = await db
        .deleteFrom("notification_digest_entries")
        .where("rule_id", "=", key)
        .where("due_at", "=", dueMs)
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) return false;
      await this.enqueue(db, batch.deliveries);
      return true;
    });
  }

  // Deliveries --------------------------------------------------------------------------------------------

  /** The head (lowest seq) of each active destination's queue. */
  private heads(db: Kysely<Db>) {
    return db
      .selectFrom("notification_deliveries as d")
      .selectAll("d")
      .where("d.seq", "in", (eb) =>
        eb
          .selectFrom("notification_deliveries")
          .select((e) => e.fn.min("seq").as("head"))
          .groupBy("rule_id"),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("notification_destinations as s")
              .select("s.rule_id")
              .whereRef("s.rule_id", "=", "d.rule_id")
              .where("s.status", "=", "paused"),
          ),
        ),
      );
  }

  async claimDeliveries(claim: ClaimRequest): Promise<Delivery[]> {
    const now = toMs(claim.now, "now");
    const until = now + claim.leaseMs;
    if (claim.limit < 1) return [];
    return this.atomic(async (db) => {
      let candidates = this.heads(db)
        .where("d.next_attempt_at", "<=", now)
        .where((eb) => eb.or([eb("d.lease_until", "is", null), eb("d.lease_until", "<=", now)]))
        .orderBy("d.next_attempt_at")
        .orderBy("d.seq")
        .limit(claim.limit);
      // PostgreSQL: instances claiming at once pass over each other's rows instead of all fighting for the
      // same first ones (SQLite transactions are serialised already).
      if (this.ctx.dialect.kind === "postgres") candidates = candidates.forUpdate("d").skipLocked();
      const due = (await candidates.execute()) as DeliveryRow[];
      const claimed: Delivery[] = [];
      for (const row of due) {
        // Conditional: an instance that claimed it meanwhile holds an unexpired lease, and this matches nothing.
        const taken = await db
          .updateTable("notification_deliveries")
          .set({ lease_owner: claim.owner, lease_until: until })
          .where("seq", "=", row.seq)
          .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", now)]))
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) === 0) continue;
        claimed.push(toDelivery({ ...row, lease_owner: claim.owner, lease_until: until }));
      }
      return claimed;
    });
  }

  async recordAttempt(record: AttemptRecord): Promise<boolean> {
    const ruleId = requireRuleKey(record.log.ruleId);
    const atMs = toMs(record.at, "the attempt time");
    const firstMs = toMs(record.firstAttemptAt, "the first attempt time");
    return this.atomic(async (db) => {
      let changed: bigint | number;
      if (record.outcome === "delivered" || record.outcome === "gave-up" || record.outcome === "rejected") {
        const r = await db
          .deleteFrom("notification_deliveries")
          .where("id", "=", record.deliveryId)
          .where("lease_owner", "=", record.owner)
          .executeTakeFirst();
        changed = r.numDeletedRows;
      } else {
        const r = await db
          .updateTable("notification_deliveries")
          .set((eb) => ({
            attempts: eb("attempts", "+", 1),
            first_attempt_at: eb.fn.coalesce("first_attempt_at", eb.val(firstMs)),
            last_error: record.log.error ?? null,
            lease_owner: null,
            lease_until: null,
            ...(record.outcome === "retrying"
              ? { next_attempt_at: optionalMs(record.nextAttemptAt, "the next attempt time") ?? atMs }
              : {}),
          }))
          .where("id", "=", record.deliveryId)
          .where("lease_owner", "=", record.owner)
          .executeTakeFirst();
        changed = r.numUpdatedRows;
      }
      // Another instance took the delivery over (or it left the queue): its attempt is the one recorded.
      if (Number(changed) === 0) return false;

      const previous = await db
        .selectFrom("notification_destinations")
        .selectAll()
        .where("rule_id", "=", ruleId)
        .executeTakeFirst();
      const state: DestinationsTable = previous ?? {
        rule_id: ruleId,
        status: "active",
        reason: null,
        paused_at: null,
        consecutive_failures: 0,
        last_error: null,
        last_success_at: null,
        last_failure_at: null,
      };
      state.consecutive_failures = record.destination.consecutiveFailures;
      if (record.outcome === "delivered") state.last_success_at = atMs;
      else {
        state.last_failure_at = atMs;
        state.last_error = record.destination.lastError ?? null;
      }
      if (record.destination.pauseReason !== undefined) {
        state.status = "paused";
        state.reason = record.destination.pauseReason;
        state.paused_at = atMs;
      }
      await this.saveState(db, state, previous !== undefined);

      const log = record.log;
      await db
        .insertInto("notification_log")
        .values({
          rule_id: ruleId,
          delivery_id: log.deliveryId,
          message_id: log.messageId,
          message_type: log.messageType,
          attempt: log.attempt,
          started_at: toMs(log.startedAt, "the attempt's start"),
          duration_ms: Math.max(0, Math.round(log.durationMs)),
          outcome: log.outcome,
          status: log.status ?? null,
          error: log.error ?? null,
          next_attempt_at: optionalMs(log.nextAttemptAt, "the next attempt time"),
        })
        .execute();
      return true;
    });
  }

  private async saveState(db: Kysely<Db>, state: DestinationsTable, exists: boolean): Promise<void> {
    if (exists) {
      const { rule_id, ...rest } = state;
      await db.updateTable("notification_destinations").set(rest).where("rule_id", "=", rule_id).execute();
    } else {
      await db.insertInto("notification_destinations").values(state).execute();
    }
  }

  async nextDueAt(): Promise<string | undefined> {
    const heads = await this.heads(this.db).select(["d.next_attempt_at", "d.lease_until"]).execute();
    let next = Number.POSITIVE_INFINITY;
    for (const h of heads) next = Math.min(next, Math.max(h.next_attempt_at, h.lease_until ?? 0));
    const digest = await this.db
      .selectFrom("notification_digest_entries")
      .select((eb) => eb.fn.min("due_at").as("due"))
      .executeTakeFirst();
    if (digest?.due !== null && digest?.due !== undefined) next = Math.min(next, Number(digest.due));
    return Number.isFinite(next) ? toInstant(next) : undefined;
  }

  async listDeliveries(ruleId: string, page?: PageRequest): Promise<Page<Delivery>> {
    const limit = pageLimit(page?.limit);
    const [after] = decodeCursor(page?.cursor, "notification-deliveries", ["number"]) ?? [0];
    const key = ruleKey(ruleId);
    if (key === undefined) return { items: [], nextCursor: null };
    const rows = (await this.db
      .selectFrom("notification_deliveries")
      .selectAll()
      .where("rule_id", "=", key)
      .where("seq", ">", after as number)
      .orderBy("seq")
      .limit(limit + 1)
      .execute()) as DeliveryRow[];
    return toPage(rows, limit, toDelivery, "notification-deliveries", (r) => [r.seq]);
  }

  // Log and destination state -----------------------------------------------------------------------------

  async deliveryLog(ruleId: string, page?: PageRequest): Promise<Page<DeliveryLogEntry>> {
    const limit = pageLimit(page?.limit);
    const cursor = decodeCursor(page?.cursor, "notification-log", ["number"]);
    const key = ruleKey(ruleId);
    if (key === undefined) return { items: [], nextCursor: null };
    let q = this.db
      .selectFrom("notification_log")
      .selectAll()
      .where("rule_id", "=", key)
      .orderBy("id", "desc")
      .limit(limit + 1);
    if (cursor) q = q.where("id", "<", cursor[0] as number);
    const rows = (await q.execute()) as (LogTable & { id: number })[];
    return toPage(rows, limit, toLogEntry, "notification-log", (r) => [r.id]);
  }

  async destinationState(ruleId: string): Promise<DestinationState> {
    const key = ruleKey(ruleId);
    const row =
      key === undefined
        ? undefined
        : await this.db
            .selectFrom("notification_destinations")
            .selectAll()
            .where("rule_id", "=", key)
            .executeTakeFirst();
    return toState(ruleId, row);
  }

  async pausedDestinations(page?: PageRequest): Promise<Page<DestinationState>> {
    const limit = pageLimit(page?.limit);
    const [after] = decodeCursor(page?.cursor, "notification-paused", ["number"]) ?? [0];
    const rows = await this.db
      .selectFrom("notification_destinations")
      .selectAll()
      .where("status", "=", "paused")
      .where("rule_id", ">", after as number)
      .orderBy("rule_id")
      .limit(limit + 1)
      .execute();
    return toPage(
      rows,
      limit,
      (r) => toState(String(r.rule_id), r),
      "notification-paused",
      (r) => [r.rule_id],
    );
  }

  async resumeDestination(ruleId: string, at: string): Promise<boolean> {
    const key = ruleKey(ruleId);
    if (key === undefined) return false;
    const atMs = toMs(at, "the resume time");
    return this.atomic(async (db) => {
      const rule = await db
        .selectFrom("notification_rules")
        .select("id")
        .where("id", "=", key)
        .executeTakeFirst();
      if (!rule) return false;
      const previous = await db
        .selectFrom("notification_destinations")
        .selectAll()
        .where("rule_id", "=", key)
        .executeTakeFirst();
      if (previous) {
        await this.saveState(
          db,
          { ...previous, status: "active", consecutive_failures: 0, reason: null, paused_at: null },
          true,
        );
      }
      // Due at once, with a new retry window.
      await db
        .updateTable("notification_deliveries")
        .set({ next_attempt_at: atMs, first_attempt_at: null })
        .where("rule_id", "=", key)
        .execute();
      return true;
    });
  }
}
