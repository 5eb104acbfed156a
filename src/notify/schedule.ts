import type { DeliveryMode } from "./rules.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** When digests go out, in UTC. */
export interface DigestTime {
  /** Hour of the day, 0-23 (default 8). */
  hourUtc: number;
  /** Day of the week for weekly digests, 0 = Sunday … 6 = Saturday (default 1, Monday). */
  weekday: number;
}

export const DEFAULT_DIGEST_TIME: DigestTime = { hourUtc: 8, weekday: 1 };

/**
 * The first digest time strictly after `afterMs` for a daily or weekly rule: the next `hourUtc`:00 UTC (on
 * `weekday` for weekly digests). An event read at 08:00:00.000 exactly goes into the next digest.
 */
export function nextDigestAt(
  mode: Exclude<DeliveryMode, "immediate">,
  afterMs: number,
  time: DigestTime,
): number {
  const dayStart = Math.floor(afterMs / DAY) * DAY;
  let at = dayStart + time.hourUtc * HOUR;
  if (at <= afterMs) at += DAY;
  if (mode === "weekly") {
    while (new Date(at).getUTCDay() !== time.weekday) at += DAY;
  }
  return at;
}

/** The start of the period a digest due at `dueMs` covers. */
export function digestPeriodStart(mode: Exclude<DeliveryMode, "immediate">, dueMs: number): number {
  return dueMs - (mode === "weekly" ? 7 * DAY : DAY);
}

/** How failed deliveries are retried. */
export interface RetryPolicy {
  /** Delay after the first failure (default 5 s); each further failure doubles it. */
  baseDelayMs: number;
  /** Longest delay between two attempts (default 1 h). */
  maxDelayMs: number;
  /** A delivery still failing this long after its first attempt is given up (default 24 h). */
  giveUpAfterMs: number;
  /** Share of each delay drawn at random, so that many failed deliveries do not retry in step (default 0.2). */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 5_000,
  maxDelayMs: HOUR,
  giveUpAfterMs: DAY,
  jitter: 0.2,
};

/**
 * The delay before attempt `failures + 1` after `failures` failed ones: exponential (base · 2^(failures-1)),
 * capped, with ±jitter/2 of it drawn from `random` (0 ≤ random() < 1). A server's Retry-After, when longer,
 * wins up to the cap.
 */
export function retryDelay(
  failures: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  const jittered = exponential * (1 - policy.jitter / 2 + policy.jitter * random());
  const delay = Math.max(jittered, Math.min(retryAfterMs ?? 0, policy.maxDelayMs));
  return Math.round(delay);
}
