import assert from "node:assert/strict";
import { test } from "node:test";
import { serverClock } from "../cli/commands/serve.js";
import { parseBulwarkToml } from "../config/bulwark-toml.js";
import { DEFAULT_SLA, isBreached, slaDueAt, slaPolicyOf } from "./sla.js";

test("the default policy: KEV 14 days, critical and high 30, medium 90, low 180, unknown as medium", () => {
  assert.deepEqual(slaPolicyOf(undefined), DEFAULT_SLA);
  assert.deepEqual(DEFAULT_SLA, { kev: 14, critical: 30, high: 30, medium: 90, low: 180, unknown: 90 });
});

test("[server.sla] overrides some deadlines; unknown follows medium unless set", () => {
  const config = parseBulwarkToml("[server.sla]\nkev = 7\nmedium = 60\n", "bulwark.toml");
  assert.deepEqual(slaPolicyOf(config), { ...DEFAULT_SLA, kev: 7, medium: 60, unknown: 60 });
  const own = parseBulwarkToml("[server.sla]\nmedium = 60\nunknown = 120\n", "bulwark.toml");
  assert.equal(slaPolicyOf(own).unknown, 120);
  assert.throws(() => parseBulwarkToml("[server.sla]\nhigh = 0\n", "bulwark.toml"), /high/);
});

test("due dates count from detection; KEV wins over severity; breached = open and past due", () => {
  const detected = "2026-01-01T00:00:00.000Z";
  assert.equal(slaDueAt(DEFAULT_SLA, detected, "critical", false), "2026-01-31T00:00:00.000Z");
  assert.equal(slaDueAt(DEFAULT_SLA, detected, "low", true), "2026-01-15T00:00:00.000Z");
  assert.equal(slaDueAt(DEFAULT_SLA, detected, "none-given", false), "2026-04-01T00:00:00.000Z");
  const due = "2026-01-31T00:00:00.000Z";
  assert.equal(isBreached("open", due, new Date("2026-02-01T00:00:00Z")), true);
  assert.equal(isBreached("open", due, new Date(due)), false);
  assert.equal(isBreached("fixed", due, new Date("2026-03-01T00:00:00Z")), false);
  assert.equal(isBreached("open", undefined, new Date("2026-03-01T00:00:00Z")), false);
});

test("serve --now: a clock that starts at the instant and runs on (test only)", () => {
  let real = 1_000;
  const clock = serverClock("2026-01-05T09:00:00.000Z", () => real);
  assert.equal(clock().toISOString(), "2026-01-05T09:00:00.000Z");
  real += 1_500;
  assert.equal(clock().toISOString(), "2026-01-05T09:00:01.500Z");
  assert.throws(() => serverClock("tomorrow"), /not an ISO 8601 instant/);
});
