import type { PortfolioStore } from "../store/portfolio/ports.js";
import { dayOf } from "../store/portfolio/repositories/clock.js";
import { reportSlaBreaches } from "./breaches.js";

/** The outbox consumer that keeps the history up to date (its position is shared by every instance). */
export const HISTORY_CONSUMER = "clock.history";
/** The consumer position that remembers the last UTC day the daily work ran (a day number, not an event id). */
export const DAILY_CONSUMER = "clock.daily";

/** What one tick did. */
export interface ClockTick {
  /** Events read since the previous tick. */
  events: number;
  /** History rows written. */
  points: number;
  /** Whether the daily work (every project's point, the SLA check) ran. */
  daily: boolean;
  /** Findings announced in `sla.breach` events. */
  breaches: number;
}

/**
 * The clock's background work, one tick at a time:
 * - incremental history: the projects named by outbox events since the last tick (uploads, imports,
 *   triage) get today's point, with the portfolio's and their tags' (cheap: those projects' rows only);
 * - once per UTC day: every project's point (breaches grow with time alone, without any event) and the SLA
 *   check that announces new breaches.
 * Positions live in the store, so several instances share the work and a restart continues where it stopped.
 */
export async function clockTick(store: PortfolioStore, now: Date): Promise<ClockTick> {
  const at = now.toISOString();
  const tick: ClockTick = { events: 0, points: 0, daily: false, breaches: 0 };
  let cursor = await store.events.cursor(HISTORY_CONSUMER);
  for (;;) {
    const events = await store.events.read({ after: cursor, limit: 1000 });
    if (events.length === 0) break;
    const projects = [...new Set(events.flatMap((e) => (e.projectId === undefined ? [] : [e.projectId])))];
    if (projects.length) tick.points += await store.clock.recordHistory(at, projects);
    cursor = events[events.length - 1]!.id;
    tick.events += events.length;
    await store.events.saveCursor(HISTORY_CONSUMER, cursor, at);
  }
  const today = dayOf(now.getTime());
  if ((await store.events.cursor(DAILY_CONSUMER)) < today) {
    tick.points += await store.clock.recordHistory(at);
    tick.breaches = await reportSlaBreaches(store, now);
    await store.events.saveCursor(DAILY_CONSUMER, today, at);
    tick.daily = true;
  }
  return tick;
}

/**
 * Runs clockTick every `everyMs` (one at a time) until stopped, and once more when stopped; failures are
 * reported, not thrown. The
 * caller owns the clock (`now`), so tests and the `--now` hook control time.
 */
export function scheduleClock(
  store: PortfolioStore,
  now: () => Date,
  options: { everyMs: number; onError: (error: unknown) => void },
): { stop(): Promise<void>; tick(): Promise<ClockTick | undefined> } {
  let running: Promise<ClockTick | undefined> | undefined;
  const tick = () => {
    running ??= clockTick(store, now())
      .catch((error) => {
        options.onError(error);
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(tick, options.everyMs);
  timer.unref();
  return {
    tick,
    /** Stops the timer and runs a last tick, so that a graceful stop leaves today's point written. */
    async stop() {
      clearInterval(timer);
      await running;
      await tick();
    },
  };
}
