import { randomUUID } from "node:crypto";
import type { HttpClient } from "../net/index.js";
import { createYielder } from "../runtime/yield.js";
import { type DeliverContext, sendDelivery } from "./deliver.js";
import {
  type EventSource,
  NOTIFICATION_EVENT_TYPES,
  type NotificationEvent,
  type ProjectLookup,
  readOutboxEvent,
} from "./events.js";
import { applyRule } from "./matching.js";
import type {
  AttemptOutcome,
  AttemptRecord,
  Delivery,
  NewDelivery,
  NewDigestEntry,
  NotificationStore,
} from "./ports.js";
import type { NotificationRule } from "./rules.js";
import {
  DEFAULT_DIGEST_TIME,
  DEFAULT_RETRY_POLICY,
  type DigestTime,
  digestPeriodStart,
  nextDigestAt,
  type RetryPolicy,
  retryDelay,
} from "./schedule.js";
import type { MailSender } from "./smtp.js";
import { messageId } from "./webhook-payload.js";

/** The time source (epoch milliseconds); tests inject one they control. */
export interface Clock {
  now(): number;
}

/** Timers for the dispatcher loop; tests inject ones they control. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Something the server should log or show: the notifier never throws from its loop. */
export type NotifierNotice =
  /** An outbox event's payload had parts that could not be read (left out; the rest was sent). */
  | { kind: "event-unreadable"; eventId: number; type: string; problems: string[] }
  /** A destination was paused after failing; it stays paused until resumed. */
  | { kind: "destination-paused"; ruleId: string; ruleName: string; reason: string; at: string }
  /** A delivery was dropped: refused by its destination, or failing for the whole retry window. */
  | {
      kind: "delivery-dropped";
      ruleId: string;
      deliveryId: string;
      outcome: AttemptOutcome;
      error: string;
      at: string;
    }
  /** A pass of the loop failed (the store did not answer, ...); the loop goes on. */
  | { kind: "tick-failed"; error: unknown };

/** How the notifier is set up, once, at the composition root. */
export interface NotifierOptions {
  store: NotificationStore;
  /** The events outbox. */
  events: EventSource;
  /** The HTTP client built with the outbound policy: webhooks, Slack and Teams go through it. */
  http: HttpClient;
  /** E-mail, when an SMTP relay is configured (createSmtpSender, checked against the same policy). */
  mail?: MailSender;
  /** Names the project of events whose payload carries only a project id. */
  projects?: ProjectLookup;
  clock?: Clock;
  timers?: Timers;
  /** Jitter source, 0 ≤ random() < 1. */
  random?: () => number;
  /** This instance's name in leases (default: a random id). */
  owner?: string;
  /** How often the outbox is read when nothing wakes the notifier (default 500 ms). */
  pollIntervalMs?: number;
  /** How long a claimed delivery is held (default 60 s); longer than any single attempt may take. */
  leaseMs?: number;
  /** Attempts in flight at once, to different destinations (default 8). */
  concurrency?: number;
  /** Per HTTP request (default 10 s). */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  digestTime?: Partial<DigestTime>;
  /** Outbox events read per step (default 200). */
  batchSize?: number;
  /** Events per digest message; a longer digest is sent in parts (default 100). */
  digestPartSize?: number;
  userAgent?: string;
  onNotice?: (notice: NotifierNotice) => void;
}

/** What one pass did. */
export interface TickSummary {
  /** Outbox events read. */
  events: number;
  /** Deliveries queued (immediate rules) and digest entries buffered. */
  queued: number;
  buffered: number;
  /** Digests turned into deliveries. */
  digests: number;
  /** Attempts started (they run on; `drain()` waits for them). */
  started: number;
}

/** The notification engine: reads events, queues deliveries and digests, sends with retries. */
export interface Notifier {
  /** Starts the loop: a pass now, then whenever something is due, at least every poll interval. */
  start(): void;
  /** Stops the loop and waits for the attempts in flight (each bounded by its timeout). */
  stop(): Promise<void>;
  /** Asks for a pass now (the server calls it after appending events, for prompt delivery). */
  wake(): void;
  /** One pass, without the loop: read events, flush due digests, start due attempts. */
  tick(): Promise<TickSummary>;
  /** Waits until no attempt is in flight. */
  drain(): Promise<void>;
}

const systemClock: Clock = { now: () => Date.now() };
const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
/** Steps of one kind a pass makes before letting the loop schedule another pass (keeps passes short). */
const MAX_STEPS = 20;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Creates the notifier. Everything it needs between passes is in the store, so a notifier created anew over
 * the same store (a restarted server) carries on where the last one stopped, and several notifiers sharing a
 * store (several server instances) never make the same attempt twice: the outbox cursor moves by
 * compare-and-set and deliveries are claimed under a lease. Delivery is at least once: an attempt whose
 * outcome was not recorded (a crash mid-send) is made again once its lease expires, with the same event id.
 * Per destination, deliveries go out one at a time in event order.
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const { store, events } = options;
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const random = options.random ?? Math.random;
  const owner = options.owner ?? randomUUID();
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = options.concurrency ?? 8;
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const digestTime: DigestTime = { ...DEFAULT_DIGEST_TIME, ...options.digestTime };
  const batchSize = options.batchSize ?? 200;
  const digestPartSize = options.digestPartSize ?? 100;
  const notice = (n: NotifierNotice) => {
    try {
      options.onNotice?.(n);
    } catch {
      // A failing listener must not stop deliveries.
    }
  };

  const inFlight = new Map<string, Promise<void>>();
  let running = false;
  let timer: unknown;
  let ticking: Promise<void> | undefined;
  let again = false;

  async function loadRules(): Promise<Map<string, NotificationRule>> {
    const rules = new Map<string, NotificationRule>();
    let cursor: string | undefined;
    do {
      const page = await store.listRules({ limit: 1000, cursor });
      for (const rule of page.items) rules.set(rule.id, rule);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return rules;
  }

  /** Reads outbox events and queues what each rule wants of them; true when more may be waiting. */
  async function pullEvents(summary: TickSummary, rules: Map<string, NotificationRule>): Promise<boolean> {
    const yieldNow = createYielder();
    for (let step = 0; step < MAX_STEPS; step++) {
      const from = await store.outboxCursor();
      const batch = await events.read({ after: from, limit: batchSize, types: NOTIFICATION_EVENT_TYPES });
      if (batch.length === 0) return false;
      const nowMs = clock.now();
      const now = iso(nowMs);
      const deliveries: NewDelivery[] = [];
      const digestEntries: NewDigestEntry[] = [];
      for (const stored of batch) {
        await yieldNow();
        const { event, problems } = await readOutboxEvent(stored, { now, lookup: options.projects });
        if (problems.length > 0)
          notice({ kind: "event-unreadable", eventId: stored.id, type: stored.type, problems });
        if (!event) continue;
        for (const rule of rules.values()) {
          const shown = applyRule(rule, event);
          if (!shown) continue;
          if (rule.delivery === "immediate") {
            deliveries.push({
              id: `${rule.id}:${event.id}`,
              ruleId: rule.id,
              content: { kind: "event", event: shown },
              createdAt: now,
              nextAttemptAt: now,
            });
          } else {
            digestEntries.push({
              ruleId: rule.id,
              dueAt: iso(nextDigestAt(rule.delivery, nowMs, digestTime)),
              event: shown,
            });
          }
        }
      }
      const to = batch[batch.length - 1]!.id;
      // Not applied: another instance handled these events meanwhile; read again from its cursor.
      if (await store.advanceOutbox({ from, to, deliveries, digestEntries, at: now })) {
        summary.events += batch.length;
        summary.queued += deliveries.length;
        summary.buffered += digestEntries.length;
        if (batch.length < batchSize) return false;
      }
    }
    return true;
  }

  /** Turns due digests into deliveries (in parts of `digestPartSize` events). */
  async function flushDigests(summary: TickSummary, rules: Map<string, NotificationRule>): Promise<void> {
    const now = iso(clock.now());
    for (const batch of await store.dueDigests(now)) {
      const rule = rules.get(batch.ruleId) ?? (await store.getRule(batch.ruleId));
      const mode = rule?.delivery === "weekly" ? "weekly" : "daily";
      const dueMs = Date.parse(batch.dueAt);
      const parts = Math.max(1, Math.ceil(batch.events.length / digestPartSize));
      const deliveries: NewDelivery[] = [];
      for (let part = 1; part <= parts; part++) {
        deliveries.push({
          id: `${batch.ruleId}:digest:${dueMs}:${part}`,
          ruleId: batch.ruleId,
          content: {
            kind: "digest",
            mode,
            from: iso(digestPeriodStart(mode, dueMs)),
            to: iso(dueMs),
            part,
            parts,
            events: batch.events.slice(
              (part - 1) * digestPartSize,
              part * digestPartSize,
            ) as NotificationEvent[],
          },
          createdAt: now,
          nextAttemptAt: now,
        });
      }
      if (await store.flushDigest({ ruleId: batch.ruleId, dueAt: batch.dueAt, deliveries }))
        summary.digests++;
    }
  }

  /** Makes one attempt and records it; never throws. */
  async function attempt(delivery: Delivery, rule: NotificationRule | undefined): Promise<void> {
    try {
      rule ??= await store.getRule(delivery.ruleId);
      // A rule deleted meanwhile took its queue with it: nothing to send or record.
      if (!rule) return;
      const startedMs = clock.now();
      const context: DeliverContext = {
        http: options.http,
        mail: options.mail,
        nowMs: startedMs,
        timeoutMs: options.requestTimeoutMs ?? 10_000,
        userAgent: options.userAgent ?? "Bulwark-Notifications",
      };
      const result = await sendDelivery(rule, delivery, context);
      const endMs = clock.now();
      const at = iso(endMs);
      const firstAttemptAt = delivery.firstAttemptAt ?? iso(startedMs);
      const state = await store.destinationState(rule.id);
      let outcome: AttemptOutcome;
      let nextAttemptAt: string | undefined;
      let pauseReason: string | undefined;
      if (result.ok) outcome = "delivered";
      else if (result.failure === "destination") {
        outcome = "paused";
        pauseReason = result.error ?? "the destination refused the request";
      } else if (result.failure === "message") outcome = "rejected";
      else {
        const delay = retryDelay(delivery.attempts + 1, retry, random, result.retryAfterMs);
        if (endMs + delay - Date.parse(firstAttemptAt) > retry.giveUpAfterMs) {
          outcome = "gave-up";
          pauseReason = `failing since ${firstAttemptAt}: ${result.error ?? "unknown error"}`;
        } else {
          outcome = "retrying";
          nextAttemptAt = iso(endMs + delay);
        }
      }
      const record: AttemptRecord = {
        deliveryId: delivery.id,
        owner,
        at,
        firstAttemptAt,
        outcome,
        log: {
          ruleId: rule.id,
          deliveryId: delivery.id,
          messageId: messageId(rule.id, delivery.content),
          messageType: delivery.content.kind === "event" ? delivery.content.event.type : "digest",
          attempt: delivery.attempts + 1,
          startedAt: iso(startedMs),
          durationMs: endMs - startedMs,
          outcome,
          ...(result.status !== undefined ? { status: result.status } : {}),
          ...(result.error !== undefined ? { error: result.error } : {}),
          ...(nextAttemptAt !== undefined ? { nextAttemptAt } : {}),
        },
        ...(nextAttemptAt !== undefined ? { nextAttemptAt } : {}),
        destination: {
          consecutiveFailures: result.ok ? 0 : state.consecutiveFailures + 1,
          ...(result.error !== undefined ? { lastError: result.error } : {}),
          ...(pauseReason !== undefined ? { pauseReason } : {}),
        },
      };
      // Not recorded: the lease expired and another instance took the delivery over; it records its own.
      if (!(await store.recordAttempt(record))) return;
      if (pauseReason !== undefined)
        notice({ kind: "destination-paused", ruleId: rule.id, ruleName: rule.name, reason: pauseReason, at });
      if (outcome === "gave-up" || outcome === "rejected")
        notice({
          kind: "delivery-dropped",
          ruleId: rule.id,
          deliveryId: delivery.id,
          outcome,
          error: result.error ?? "",
          at,
        });
    } catch (error) {
      // The store failed while recording: the lease expires and the delivery is attempted again.
      notice({ kind: "tick-failed", error });
    }
  }

  /** Claims due deliveries for the free attempt slots and starts them. */
  async function dispatch(summary: TickSummary, rules: Map<string, NotificationRule>): Promise<void> {
    const free = concurrency - inFlight.size;
    if (free <= 0) return;
    const claimed = await store.claimDeliveries({ now: iso(clock.now()), owner, leaseMs, limit: free });
    for (const delivery of claimed) {
      const pending = attempt(delivery, rules.get(delivery.ruleId)).finally(() => {
        inFlight.delete(delivery.id);
        // The destination's next delivery may be due now.
        wake();
      });
      inFlight.set(delivery.id, pending);
      summary.started++;
    }
  }

  async function tick(): Promise<TickSummary> {
    const summary: TickSummary = { events: 0, queued: 0, buffered: 0, digests: 0, started: 0 };
    const rules = await loadRules();
    const more = await pullEvents(summary, rules);
    await flushDigests(summary, rules);
    await dispatch(summary, rules);
    if (more) again = true;
    return summary;
  }

  function schedule(delayMs: number): void {
    if (!running) return;
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = timers.setTimeout(
      () => {
        timer = undefined;
        void loop();
      },
      Math.max(0, delayMs),
    );
  }

  async function nextDelay(): Promise<number> {
    try {
      const due = await store.nextDueAt();
      const untilDue = due === undefined ? Number.POSITIVE_INFINITY : Date.parse(due) - clock.now();
      return Math.max(0, Math.min(pollIntervalMs, untilDue));
    } catch {
      return pollIntervalMs;
    }
  }

  async function loop(): Promise<void> {
    if (ticking) {
      again = true;
      return;
    }
    again = false;
    let delay = 0;
    // `ticking` stays set until the next pass is planned, so a wake() meanwhile is not overwritten by it.
    ticking = (async () => {
      try {
        await tick();
      } catch (error) {
        notice({ kind: "tick-failed", error });
      }
      if (running && !again) delay = await nextDelay();
    })();
    await ticking;
    ticking = undefined;
    schedule(again ? 0 : delay);
  }

  function wake(): void {
    if (!running) return;
    if (ticking) again = true;
    else schedule(0);
  }

  async function drain(): Promise<void> {
    while (inFlight.size > 0) await Promise.all(inFlight.values());
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      await ticking;
      await drain();
    },
    wake,
    tick,
    drain,
  };
}
