import { invalidInput } from "./errors.js";
import type { Instant } from "./ports.js";

/** Epoch milliseconds of an instant; USAGE error when it does not parse. */
export function toMs(at: Instant, what = "instant"): number {
  const ms = typeof at === "string" ? Date.parse(at) : Number.NaN;
  if (Number.isNaN(ms)) throw invalidInput(`${what} is not a valid ISO 8601 instant: ${JSON.stringify(at)}`);
  return ms;
}

/** The ISO 8601 form of epoch milliseconds. */
export function toInstant(ms: number): Instant {
  return new Date(ms).toISOString();
}

/** Like toInstant, for nullable columns. */
export function optionalInstant(ms: number | null | undefined): Instant | undefined {
  return ms === null || ms === undefined ? undefined : toInstant(ms);
}

/** Like toMs, for optional values (stored as NULL). */
export function optionalMs(at: Instant | undefined, what?: string): number | null {
  return at === undefined ? null : toMs(at, what);
}
