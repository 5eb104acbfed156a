import assert from "node:assert/strict";
import { test } from "node:test";
import type { ClockMetrics, PortfolioStore } from "../store/portfolio/ports.js";
import { ClockFigures } from "./metrics-cache.js";

/** A store whose figures count how often they were computed, and whose change mark the test sets. */
function fakeStore() {
  const state = { lastEvent: 1, computed: 0 };
  const store = {
    changeMark: async () => String(state.lastEvent),
    clock: {
      metrics: async () => {
        state.computed++;
        return { projects: state.computed } as unknown as ClockMetrics;
      },
    },
  } as unknown as PortfolioStore;
  return { store, state };
}

test("figures are reused while nothing is written and for at most a minute of the server's clock", async () => {
  const { store, state } = fakeStore();
  const figures = new ClockFigures(store);
  const t0 = Date.parse("2026-01-05T09:00:00Z");
  assert.equal((await figures.metrics({}, new Date(t0))).projects, 1);
  assert.equal((await figures.metrics({}, new Date(t0 + 59_000))).projects, 1, "reused");
  assert.equal((await figures.metrics({ tag: "web" }, new Date(t0))).projects, 2, "another filter");
  state.lastEvent = 2;
  assert.equal((await figures.metrics({}, new Date(t0 + 1000))).projects, 3, "a write invalidates");
  assert.equal((await figures.metrics({}, new Date(t0 + 62_000))).projects, 4, "a minute later");
  assert.equal((await figures.metrics({}, new Date(t0 - 40 * 86_400_000))).projects, 5, "a clock moved back");
});
