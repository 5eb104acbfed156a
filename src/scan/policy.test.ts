import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Finding, SeverityRating } from "../model/finding.js";
import { exitCodeFor, FAIL_ON_LEVELS, isFailOn } from "./policy.js";

const f = (rating: SeverityRating, suppressed = false) =>
  ({ severity: { rating }, ...(suppressed ? { suppressed: { by: "vex" } } : {}) }) as unknown as Finding;

describe("exitCodeFor", () => {
  it("fails at or above the level; unknown severity only fails 'any'; suppressed never fails", () => {
    const table: [Finding[], Record<string, number>][] = [
      [[f("high")], { critical: 0, high: 1, medium: 1, low: 1, any: 1 }],
      [[f("low")], { critical: 0, high: 0, medium: 0, low: 1, any: 1 }],
      [[f("unknown")], { critical: 0, high: 0, medium: 0, low: 0, any: 1 }],
      [[f("critical", true)], { critical: 0, high: 0, medium: 0, low: 0, any: 0 }],
      [[], { critical: 0, high: 0, medium: 0, low: 0, any: 0 }],
    ];
    for (const [findings, expected] of table) {
      for (const level of FAIL_ON_LEVELS) assert.equal(exitCodeFor(findings, level), expected[level], level);
    }
  });

  it("knows its levels", () => {
    assert.ok(isFailOn("medium"));
    assert.ok(!isFailOn("severe"));
  });
});
