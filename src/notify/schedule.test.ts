import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  DEFAULT_DIGEST_TIME,
  DEFAULT_RETRY_POLICY,
  digestPeriodStart,
  nextDigestAt,
  retryDelay,
} from "./schedule.js";

const ms = (iso: string) => Date.parse(iso);
const iso = (n: number) => new Date(n).toISOString();

describe("digest times (UTC)", () => {
  test("daily: the next 08:00 strictly after the moment", () => {
    assert.equal(
      iso(nextDigestAt("daily", ms("2025-03-01T07:59:59.999Z"), DEFAULT_DIGEST_TIME)),
      "2025-03-01T08:00:00.000Z",
    );
    assert.equal(
      iso(nextDigestAt("daily", ms("2025-03-01T08:00:00.000Z"), DEFAULT_DIGEST_TIME)),
      "2025-03-02T08:00:00.000Z",
    );
    assert.equal(
      iso(nextDigestAt("daily", ms("2025-12-31T23:00:00.000Z"), DEFAULT_DIGEST_TIME)),
      "2026-01-01T08:00:00.000Z",
    );
  });

  test("weekly: the next Monday 08:00 (or the configured weekday and hour)", () => {
    // 2025-03-01 is a Saturday, 2025-03-03 a Monday.
    assert.equal(
      iso(nextDigestAt("weekly", ms("2025-03-01T10:00:00.000Z"), DEFAULT_DIGEST_TIME)),
      "2025-03-03T08:00:00.000Z",
    );
    assert.equal(
      iso(nextDigestAt("weekly", ms("2025-03-03T08:00:00.000Z"), DEFAULT_DIGEST_TIME)),
      "2025-03-10T08:00:00.000Z",
    );
    assert.equal(
      iso(nextDigestAt("weekly", ms("2025-03-03T07:00:00.000Z"), DEFAULT_DIGEST_TIME)),
      "2025-03-03T08:00:00.000Z",
    );
    assert.equal(
      iso(nextDigestAt("weekly", ms("2025-03-01T10:00:00.000Z"), { hourUtc: 17, weekday: 5 })),
      "2025-03-07T17:00:00.000Z",
    );
  });

  test("a digest covers the day or week before it", () => {
    assert.equal(iso(digestPeriodStart("daily", ms("2025-03-02T08:00:00.000Z"))), "2025-03-01T08:00:00.000Z");
    assert.equal(
      iso(digestPeriodStart("weekly", ms("2025-03-10T08:00:00.000Z"))),
      "2025-03-03T08:00:00.000Z",
    );
  });
});

describe("retry backoff", () => {
  test("doubles from 5 s up to one hour, with the jitter spread around the exponential value", () => {
    const mid = () => 0.5;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 10, 11, 30].map((n) => retryDelay(n, DEFAULT_RETRY_POLICY, mid)),
      [5_000, 10_000, 20_000, 40_000, 80_000, 2_560_000, 3_600_000, 3_600_000],
    );
    assert.equal(
      retryDelay(1, DEFAULT_RETRY_POLICY, () => 0),
      4_500,
    );
    assert.equal(
      retryDelay(1, DEFAULT_RETRY_POLICY, () => 0.75),
      5_250,
    );
    assert.equal(
      retryDelay(20, DEFAULT_RETRY_POLICY, () => 0.75),
      3_780_000,
    );
  });

  test("a longer Retry-After wins, up to the cap", () => {
    assert.equal(
      retryDelay(1, DEFAULT_RETRY_POLICY, () => 0.5, 120_000),
      120_000,
    );
    assert.equal(
      retryDelay(1, DEFAULT_RETRY_POLICY, () => 0.5, 1_000),
      5_000,
    );
    assert.equal(
      retryDelay(1, DEFAULT_RETRY_POLICY, () => 0.5, 86_400_000),
      3_600_000,
    );
  });
});
