import type { NotificationEvent } from "./events.js";
import type { NewNotificationRule, NotificationRule } from "./rules.js";

/**
 * The storage the notifier needs, as one async port: rules, the queue of pending deliveries, the delivery
 * log, the state of each destination, the notifier's position in the events outbox and the digest buffers.
 * It is small and dialect-free: the in-memory implementation (memory-store.ts) serves tests, the portfolio
 * store implements it on SQLite and PostgreSQL, and both pass the same contract suite
 * (src/testing/notify-store-contract.ts).
 *
 * Conventions:
 * - Instants are ISO 8601 strings in UTC with milliseconds.
 * - A destination is a rule's destination: its queue, log and state are keyed by the rule id.
 * - Each method is atomic on its own (one transaction). Several notifiers (server instances) may share one
 *   store: the outbox cursor advances by compare-and-set and deliveries are claimed under a lease, so an
 *   attempt is made by one instance only.
 * - Lists are cursor-paginated: `limit` defaults to 100, at most 1,000; `nextCursor` is null on the last
 *   page and is opaque.
 */

/** Where a list continues. */
export interface PageRequest {
  limit?: number;
  cursor?: string;
}

/** One page of a list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What one delivery carries: one event, or one part of a digest. Stored as JSON. */
export type DeliveryContent =
  | { kind: "event"; event: NotificationEvent }
  | {
      kind: "digest";
      /** "daily" or "weekly". */
      mode: "daily" | "weekly";
      /** The period the digest covers: [from, to). */
      from: string;
      to: string;
      /** 1-based part number, when a digest had to be split. */
      part: number;
      parts: number;
      events: NotificationEvent[];
    };

/** A delivery to queue. */
export interface NewDelivery {
  /** Stable and unique: queuing the same id twice queues it once. */
  id: string;
  ruleId: string;
  content: DeliveryContent;
  createdAt: string;
  /** When the first attempt may be made. */
  nextAttemptAt: string;
}

/** A queued delivery. Deliveries of one destination are attempted one at a time, in queue order. */
export interface Delivery extends NewDelivery {
  /** Attempts made so far. */
  attempts: number;
  /** When the first attempt was made (the retry window is counted from it). */
  firstAttemptAt?: string;
  lastError?: string;
  /** The notifier holding it while it sends, and until when. */
  leaseOwner?: string;
  leaseUntil?: string;
}

/** How an attempt ended. */
export const ATTEMPT_OUTCOMES = ["delivered", "retrying", "gave-up", "rejected", "paused"] as const;
/**
 * delivered: the destination accepted it. retrying: it failed and will be tried again. gave-up: it kept
 * failing for the whole retry window and was dropped. rejected: the destination refused this message (HTTP
 * 400, 413, 422, a refused mailbox) and it was dropped. paused: the destination cannot be used as configured
 * (HTTP 401/403/404/410, refused by the outbound policy, SMTP authentication failed); it is paused with the
 * delivery kept at the head of its queue.
 */
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** One attempt, as the delivery log keeps it. */
export interface DeliveryLogEntry {
  /** Store-assigned, increasing. */
  id: number;
  ruleId: string;
  deliveryId: string;
  /** The event id (or digest id) the message carried. */
  messageId: string;
  /** The event type, or "digest". */
  messageType: string;
  /** 1 for the first attempt. */
  attempt: number;
  startedAt: string;
  durationMs: number;
  outcome: AttemptOutcome;
  /** The HTTP status or SMTP reply code, when there was an answer. */
  status?: number;
  error?: string;
  /** When the next attempt is planned (outcome "retrying"). */
  nextAttemptAt?: string;
}

/** A destination's health. */
export interface DestinationState {
  ruleId: string;
  status: "active" | "paused";
  /** Why it was paused. */
  reason?: string;
  pausedAt?: string;
  /** Failed attempts since the last success. */
  consecutiveFailures: number;
  lastError?: string;
  lastSuccessAt?: string;
  lastFailureAt?: string;
}

/** What an attempt changed, written at once. */
export interface AttemptRecord {
  deliveryId: string;
  /** Only the lease holder may record; otherwise nothing is written and `recordAttempt` answers false. */
  owner: string;
  /** When the attempt ended. */
  at: string;
  /** Set on the delivery when it has none. */
  firstAttemptAt: string;
  log: Omit<DeliveryLogEntry, "id">;
  /**
   * delivered, gave-up, rejected: the delivery leaves the queue. retrying: attempts + 1, `nextAttemptAt`,
   * `lastError`, lease released. paused: attempts + 1, `lastError`, lease released, stays at the head.
   */
  outcome: AttemptOutcome;
  nextAttemptAt?: string;
  /** The destination after the attempt: its failure count, and a pause with its reason when there is one. */
  destination: { consecutiveFailures: number; lastError?: string; pauseReason?: string };
}

/** The outbox events read in one step, and what they queued. */
export interface OutboxStep {
  /** The cursor the step started from: the step applies only if the stored cursor still equals it. */
  from: number;
  /** The new cursor (the last event id read). */
  to: number;
  deliveries: NewDelivery[];
  digestEntries: NewDigestEntry[];
  at: string;
}

/** An event waiting for its rule's digest. */
export interface NewDigestEntry {
  ruleId: string;
  /** When the digest it belongs to is due. */
  dueAt: string;
  event: NotificationEvent;
}

/** The events of one rule's digest that is due, in event order. */
export interface DigestBatch {
  ruleId: string;
  dueAt: string;
  events: NotificationEvent[];
}

/** Claims due deliveries for one notifier. */
export interface ClaimRequest {
  now: string;
  owner: string;
  /** How long the claim holds; an attempt not recorded by then may be claimed again (at-least-once). */
  leaseMs: number;
  /** Most deliveries claimed (one per destination). */
  limit: number;
}

export interface NotificationStore {
  // Rules ------------------------------------------------------------------------------------------------
  /** Stores a rule and gives it an id. */
  addRule(rule: NewNotificationRule): Promise<NotificationRule>;
  getRule(id: string): Promise<NotificationRule | undefined>;
  /** Rules by id. */
  listRules(page?: PageRequest): Promise<Page<NotificationRule>>;
  /** Deletes a rule with its queued deliveries, digest entries and destination state (its log stays). */
  deleteRule(id: string): Promise<boolean>;

  // The events outbox -------------------------------------------------------------------------------------
  /** The last outbox event id handled (0 at first). */
  outboxCursor(): Promise<number>;
  /**
   * Queues the deliveries (an id already queued is not queued twice), buffers the digest entries and moves
   * the cursor to `to` — all or nothing, and only if the cursor still equals `from` (another instance may
   * have handled the same events meanwhile). Deliveries and entries of a rule deleted meanwhile are dropped.
   * Answers whether it applied.
   */
  advanceOutbox(step: OutboxStep): Promise<boolean>;

  // Digests -----------------------------------------------------------------------------------------------
  /** Digests due at or before `now`, oldest first, at most `limit` (default 100). */
  dueDigests(now: string, limit?: number): Promise<DigestBatch[]>;
  /**
   * Queues a digest's deliveries and removes its entries, at once — only if its entries are still buffered
   * (another instance may have flushed it meanwhile). Answers whether it applied.
   */
  flushDigest(batch: { ruleId: string; dueAt: string; deliveries: NewDelivery[] }): Promise<boolean>;

  // Deliveries --------------------------------------------------------------------------------------------
  /**
   * Claims the head delivery of up to `limit` active destinations, where the head is due (`nextAttemptAt`
   * ≤ now) and not leased (or its lease expired): sets the lease and returns them, earliest due first.
   * Paused destinations are skipped; a destination's later deliveries wait for its head.
   */
  claimDeliveries(claim: ClaimRequest): Promise<Delivery[]>;
  /** Records an attempt (see AttemptRecord); false, writing nothing, when the lease is no longer `owner`'s. */
  recordAttempt(record: AttemptRecord): Promise<boolean>;
  /**
   * The earliest moment something may become due: the next attempt of an active destination's head (its
   * lease expiry if leased), or a digest. Undefined when nothing waits.
   */
  nextDueAt(): Promise<string | undefined>;
  /** A destination's queued deliveries, in queue order. */
  listDeliveries(ruleId: string, page?: PageRequest): Promise<Page<Delivery>>;

  // Log and destination state -----------------------------------------------------------------------------
  /** A destination's delivery log, newest first. */
  deliveryLog(ruleId: string, page?: PageRequest): Promise<Page<DeliveryLogEntry>>;
  /** A destination's state (active with no failures when nothing was recorded). */
  destinationState(ruleId: string): Promise<DestinationState>;
  /** Paused destinations, by rule id: what "reported" means for the API and the dashboard. */
  pausedDestinations(page?: PageRequest): Promise<Page<DestinationState>>;
  /**
   * Makes a paused destination active again: failures reset, its queued deliveries due at `at` with a new
   * retry window. False when the rule does not exist.
   */
  resumeDestination(ruleId: string, at: string): Promise<boolean>;
}
