import { insertJsonRows } from "../bulk.js";
import { checkText, type StoreContext } from "../context.js";
import { invalidInput } from "../errors.js";
import { pageLimit } from "../pagination.js";
import type { EventRepository, Instant, NewEvent, StoredEvent } from "../ports.js";
import { toInstant, toMs } from "../time.js";

/** The outbox: append-only events and the saved positions of their consumers. */
export class SqlEventRepository implements EventRepository {
  constructor(private readonly ctx: StoreContext) {}

  async append(events: readonly NewEvent[]): Promise<number[]> {
    if (events.length === 0) return [];
    const rows = events.map((e) => [
      checkText("an event type", e.type, { max: 128 }),
      toMs(e.occurredAt, "the event time"),
      e.projectId ?? null,
      JSON.stringify(e.payload ?? null),
    ]);
    return this.ctx.atomic(async (db) => {
      await this.ctx.dialect.lockEventAppends(db);
      const inserted = await insertJsonRows<{ id: number }>(
        db,
        this.ctx.dialect,
        "events",
        [
          ["type", "text"],
          ["occurred_at", "int"],
          ["project_id", "int"],
          ["payload", "text"],
        ],
        rows,
        ["id"],
      );
      // Ids are drawn in row order within the statement.
      return inserted.map((r) => Number(r.id)).sort((a, b) => a - b);
    });
  }

  async read(query: {
    after: number;
    limit?: number;
    types?: readonly string[];
    projectId?: number;
  }): Promise<StoredEvent[]> {
    if (!Number.isFinite(query.after)) throw invalidInput("an event cursor is a number");
    let q = this.ctx.db
      .selectFrom("events")
      .selectAll()
      .where("id", ">", query.after)
      .orderBy("id")
      .limit(pageLimit(query.limit));
    if (query.types !== undefined) {
      if (query.types.length === 0) return [];
      q = q.where("type", "in", query.types as string[]);
    }
    if (query.projectId !== undefined) q = q.where("project_id", "=", query.projectId);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      occurredAt: toInstant(r.occurred_at),
      projectId: r.project_id ?? undefined,
      payload: JSON.parse(r.payload),
    }));
  }

  async lastId(): Promise<number> {
    const row = await this.ctx.db
      .selectFrom("events")
      .select((eb) => eb.fn.max("id").as("last"))
      .executeTakeFirst();
    return Number(row?.last ?? 0);
  }

  async cursor(consumer: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom("event_consumers")
      .select("cursor")
      .where("name", "=", consumer)
      .executeTakeFirst();
    return row ? Number(row.cursor) : 0;
  }

  async saveCursor(consumer: string, cursor: number, at: Instant): Promise<void> {
    checkText("a consumer name", consumer, { max: 128 });
    if (!Number.isInteger(cursor) || cursor < 0)
      throw invalidInput("an event cursor is a non-negative integer");
    const ms = toMs(at, "the cursor time");
    await this.ctx.db
      .insertInto("event_consumers")
      .values({ name: consumer, cursor, updated_at: ms })
      .onConflict((oc) => oc.column("name").doUpdateSet({ cursor, updated_at: ms }))
      .execute();
  }
}
