import type { ClockFilter, ClockMetrics, PortfolioStore } from "../store/portfolio/ports.js";

/** How long figures are reused without a write: ages and breaches then trail time by at most this much. */
export const METRICS_TTL_MS = 60_000;
const MAX_ENTRIES = 100;

/**
 * The clock's figures, reused while nothing was written: an answer is kept with the store's change mark it was
 * computed under (store.changeMark: any write, by any instance sharing the store) and reused while the mark is
 * unchanged and it is younger than a minute of the server's clock. Bounded (100 filters), owned by one server;
 * the first request after a write pays for the SQL.
 */
export class ClockFigures {
  private readonly entries = new Map<string, { mark: string; at: number; metrics: ClockMetrics }>();

  constructor(private readonly store: PortfolioStore) {}

  async metrics(filter: ClockFilter, now: Date): Promise<ClockMetrics> {
    const key = JSON.stringify([filter.project ?? null, filter.tag ?? null, filter.projectPatterns ?? null]);
    const mark = await this.store.changeMark();
    const hit = this.entries.get(key);
    const age = hit ? now.getTime() - hit.at : Number.POSITIVE_INFINITY;
    if (hit && hit.mark === mark && age >= 0 && age < METRICS_TTL_MS) return hit.metrics;
    const metrics = await this.store.clock.metrics(filter, now.toISOString());
    this.entries.delete(key);
    this.entries.set(key, { mark, at: now.getTime(), metrics });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return metrics;
  }
}
