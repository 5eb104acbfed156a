import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * Returns a function that long synchronous-heavy loops await between steps: it lets the event loop run
 * (timers, I/O, other requests) once `budgetMs` of work has passed since the last turn, and costs nothing
 * otherwise. A server hosting the core stays responsive; the CLI loses almost nothing.
 */
export function createYielder(budgetMs = 10): () => Promise<void> {
  let last = performance.now();
  return async () => {
    const now = performance.now();
    if (now - last < budgetMs) return;
    await nextTurn();
    last = performance.now();
  };
}
