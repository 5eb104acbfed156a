import { NotifyError } from "./errors.js";
import type { EventSource, OutboxEvent } from "./events.js";
import type {
  AttemptRecord,
  ClaimRequest,
  Delivery,
  DeliveryLogEntry,
  DestinationState,
  DigestBatch,
  NewDelivery,
  NewDigestEntry,
  NotificationStore,
  OutboxStep,
  Page,
  PageRequest,
} from "./ports.js";
import type { NewNotificationRule, NotificationRule } from "./rules.js";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

function pageLimit(page: PageRequest | undefined): number {
  const limit = page?.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new NotifyError("a page limit is a positive integer");
  return Math.min(limit, MAX_LIMIT);
}

/** The numeric position a cursor of these lists holds; USAGE when it is not one. */
function cursorNumber(page: PageRequest | undefined): number | undefined {
  if (page?.cursor === undefined) return undefined;
  const n = Number(page.cursor);
  if (!/^\d+$/.test(page.cursor) || !Number.isSafeInteger(n))
    throw new NotifyError("the page cursor is not valid");
  return n;
}

function paginate<T>(items: T[], limit: number, position: (item: T) => number): Page<T> {
  const page = items.slice(0, limit);
  const more = items.length > limit;
  return { items: page, nextCursor: more ? String(position(page[page.length - 1]!)) : null };
}

const ms = (instant: string) => Date.parse(instant);
const copy = <T>(value: T): T => structuredClone(value);

interface QueuedDelivery extends Delivery {
  /** Queue order across the store. */
  seq: number;
}

interface BufferedEntry extends NewDigestEntry {
  seq: number;
}

/**
 * The notification store in memory: for tests, the benchmark and single-process experiments. Values are
 * copied in and out, as a database would, so a "restarted" notifier over the same store sees only what was
 * recorded. Several notifiers may share one instance (it is what two servers sharing a database look like).
 */
export class MemoryNotificationStore implements NotificationStore {
  private readonly rules = new Map<string, NotificationRule>();
  private nextRuleId = 1;
  private cursor = 0;
  private readonly queues = new Map<string, QueuedDelivery[]>();
  private seq = 0;
  private readonly log: DeliveryLogEntry[] = [];
  private readonly states = new Map<string, DestinationState>();
  private digests: BufferedEntry[] = [];

  async addRule(rule: NewNotificationRule): Promise<NotificationRule> {
    const stored = { ...copy(rule), id: String(this.nextRuleId++) };
    this.rules.set(stored.id, stored);
    return copy(stored);
  }

  async getRule(id: string): Promise<NotificationRule | undefined> {
    const rule = this.rules.get(id);
    return rule && copy(rule);
  }

  async listRules(page?: PageRequest): Promise<Page<NotificationRule>> {
    const after = cursorNumber(page) ?? 0;
    const rules = [...this.rules.values()]
      .filter((r) => Number(r.id) > after)
      .sort((a, b) => Number(a.id) - Number(b.id));
    return paginate(rules.map(copy), pageLimit(page), (r) => Number(r.id));
  }

  async deleteRule(id: string): Promise<boolean> {
    if (!this.rules.delete(id)) return false;
    this.queues.delete(id);
    this.states.delete(id);
    this.digests = this.digests.filter((e) => e.ruleId !== id);
    return true;
  }

  async outboxCursor(): Promise<number> {
    return this.cursor;
  }

  async advanceOutbox(step: OutboxStep): Promise<boolean> {
    if (this.cursor !== step.from) return false;
    this.enqueue(step.deliveries);
    for (const entry of step.digestEntries) {
      if (this.rules.has(entry.ruleId)) this.digests.push({ ...copy(entry), seq: ++this.seq });
    }
    this.cursor = step.to;
    return true;
  }

  private enqueue(deliveries: readonly NewDelivery[]): void {
    const known = new Set([...this.queues.values()].flatMap((q) => q.map((d) => d.id)));
    for (const delivery of deliveries) {
      if (known.has(delivery.id) || !this.rules.has(delivery.ruleId)) continue;
      known.add(delivery.id);
      const queue = this.queues.get(delivery.ruleId) ?? [];
      queue.push({ ...copy(delivery), attempts: 0, seq: ++this.seq });
      this.queues.set(delivery.ruleId, queue);
    }
  }

  async dueDigests(now: string, limit = 100): Promise<DigestBatch[]> {
    const batches = new Map<string, DigestBatch & { first: number }>();
    for (const entry of this.digests) {
      if (ms(entry.dueAt) > ms(now)) continue;
      const key = `${entry.ruleId}\u0000${entry.dueAt}`;
      const batch = batches.get(key) ?? {
        ruleId: entry.ruleId,
        dueAt: entry.dueAt,
        events: [],
        first: entry.seq,
      };
      batch.events.push(copy(entry.event));
      batches.set(key, batch);
    }
    return [...batches.values()]
      .sort((a, b) => ms(a.dueAt) - ms(b.dueAt) || a.first - b.first)
      .slice(0, limit)
      .map(({ ruleId, dueAt, events }) => ({
        ruleId,
        dueAt,
        events: events.sort((a, b) => a.sequence - b.sequence),
      }));
  }

  async flushDigest(batch: { ruleId: string; dueAt: string; deliveries: NewDelivery[] }): Promise<boolean> {
    const belongs = (e: BufferedEntry) => e.ruleId === batch.ruleId && ms(e.dueAt) === ms(batch.dueAt);
    if (!this.digests.some(belongs)) return false;
    this.digests = this.digests.filter((e) => !belongs(e));
    this.enqueue(batch.deliveries);
    return true;
  }

  private state(ruleId: string): DestinationState {
    return this.states.get(ruleId) ?? { ruleId, status: "active", consecutiveFailures: 0 };
  }

  async claimDeliveries(claim: ClaimRequest): Promise<Delivery[]> {
    const now = ms(claim.now);
    const heads: QueuedDelivery[] = [];
    for (const [ruleId, queue] of this.queues) {
      const head = queue[0];
      if (!head || this.state(ruleId).status !== "active") continue;
      if (ms(head.nextAttemptAt) > now) continue;
      if (head.leaseUntil !== undefined && ms(head.leaseUntil) > now) continue;
      heads.push(head);
    }
    heads.sort((a, b) => ms(a.nextAttemptAt) - ms(b.nextAttemptAt) || a.seq - b.seq);
    return heads.slice(0, claim.limit).map((head) => {
      head.leaseOwner = claim.owner;
      head.leaseUntil = new Date(now + claim.leaseMs).toISOString();
      const { seq: _seq, ...delivery } = head;
      return copy(delivery);
    });
  }

  async recordAttempt(record: AttemptRecord): Promise<boolean> {
    const queue = this.queues.get(record.log.ruleId);
    const index = queue?.findIndex((d) => d.id === record.deliveryId) ?? -1;
    const delivery = queue?.[index];
    if (!queue || !delivery || delivery.leaseOwner !== record.owner) return false;
    delivery.leaseOwner = undefined;
    delivery.leaseUntil = undefined;
    delivery.firstAttemptAt ??= record.firstAttemptAt;
    switch (record.outcome) {
      case "delivered":
      case "gave-up":
      case "rejected":
        queue.splice(index, 1);
        break;
      case "retrying":
        delivery.attempts++;
        delivery.nextAttemptAt = record.nextAttemptAt ?? record.at;
        delivery.lastError = record.log.error;
        break;
      case "paused":
        delivery.attempts++;
        delivery.lastError = record.log.error;
        break;
    }
    const state = this.state(record.log.ruleId);
    state.consecutiveFailures = record.destination.consecutiveFailures;
    if (record.outcome === "delivered") {
      state.lastSuccessAt = record.at;
    } else {
      state.lastFailureAt = record.at;
      state.lastError = record.destination.lastError;
    }
    if (record.destination.pauseReason !== undefined) {
      state.status = "paused";
      state.reason = record.destination.pauseReason;
      state.pausedAt = record.at;
    }
    this.states.set(state.ruleId, state);
    this.log.push({ ...copy(record.log), id: this.log.length + 1 });
    return true;
  }

  async nextDueAt(): Promise<string | undefined> {
    let next = Number.POSITIVE_INFINITY;
    for (const [ruleId, queue] of this.queues) {
      const head = queue[0];
      if (!head || this.state(ruleId).status !== "active") continue;
      const leased = head.leaseUntil !== undefined ? ms(head.leaseUntil) : 0;
      next = Math.min(next, Math.max(ms(head.nextAttemptAt), leased));
    }
    for (const entry of this.digests) next = Math.min(next, ms(entry.dueAt));
    return Number.isFinite(next) ? new Date(next).toISOString() : undefined;
  }

  async listDeliveries(ruleId: string, page?: PageRequest): Promise<Page<Delivery>> {
    const after = cursorNumber(page) ?? 0;
    const queue = (this.queues.get(ruleId) ?? []).filter((d) => d.seq > after);
    const result = paginate(queue, pageLimit(page), (d) => d.seq);
    return {
      items: result.items.map(({ seq: _seq, ...d }) => copy(d)),
      nextCursor: result.nextCursor,
    };
  }

  async deliveryLog(ruleId: string, page?: PageRequest): Promise<Page<DeliveryLogEntry>> {
    const before = cursorNumber(page) ?? Number.POSITIVE_INFINITY;
    const entries = this.log.filter((e) => e.ruleId === ruleId && e.id < before).reverse();
    return paginate(entries.map(copy), pageLimit(page), (e) => e.id);
  }

  async destinationState(ruleId: string): Promise<DestinationState> {
    return copy(this.state(ruleId));
  }

  async pausedDestinations(page?: PageRequest): Promise<Page<DestinationState>> {
    const after = cursorNumber(page) ?? 0;
    const paused = [...this.states.values()]
      .filter((s) => s.status === "paused" && Number(s.ruleId) > after)
      .sort((a, b) => Number(a.ruleId) - Number(b.ruleId));
    return paginate(paused.map(copy), pageLimit(page), (s) => Number(s.ruleId));
  }

  async resumeDestination(ruleId: string, at: string): Promise<boolean> {
    if (!this.rules.has(ruleId)) return false;
    this.states.set(ruleId, {
      ...this.state(ruleId),
      status: "active",
      consecutiveFailures: 0,
      reason: undefined,
      pausedAt: undefined,
    });
    for (const delivery of this.queues.get(ruleId) ?? []) {
      delivery.nextAttemptAt = at;
      delivery.firstAttemptAt = undefined;
    }
    return true;
  }
}

/**
 * An events outbox in memory (the portfolio store's event repository in tests and the benchmark): `append`
 * gives each event the next id, `read` answers as the store does.
 */
export class MemoryEventLog implements EventSource {
  private readonly events: OutboxEvent[] = [];

  /** Appends events; returns their ids. */
  append(events: readonly Omit<OutboxEvent, "id">[]): number[] {
    return events.map((event) => {
      const id = this.events.length + 1;
      this.events.push({ ...copy(event), id });
      return id;
    });
  }

  async read(query: { after: number; limit?: number; types?: readonly string[] }): Promise<OutboxEvent[]> {
    const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
    return this.events
      .filter((e) => e.id > query.after && (query.types === undefined || query.types.includes(e.type)))
      .slice(0, limit)
      .map(copy);
  }
}
