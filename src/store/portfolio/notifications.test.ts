import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { NotificationRule } from "../../notify/rules.js";
import { notificationStoreContract } from "../../testing/notify-store-contract.js";
import { truncateAllTables, usePostgresTestDatabase } from "../../testing/postgres.js";
import { openPortfolioStore } from "./index.js";

// The notification store on both databases passes the same contract as the in-memory one.

const tmp = mkdtempSync(join(tmpdir(), "bulwark-notify-store-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const postgres = usePostgresTestDatabase();

let files = 0;
notificationStoreContract("sqlite", async () => {
  const store = await openPortfolioStore({ kind: "sqlite", path: join(tmp, `s${++files}`, "portfolio.db") });
  return { store: store.notifications, close: () => store.close() };
});

notificationStoreContract("postgres", async () => {
  const store = await openPortfolioStore({ kind: "postgres", url: postgres.url });
  await truncateAllTables(postgres.url);
  return { store: store.notifications, close: () => store.close() };
});

// Two server instances on one PostgreSQL database: racing claims and outbox steps never both win.
describe("notification store: two instances on one PostgreSQL database", () => {
  test("concurrent claims take each delivery once; concurrent outbox steps apply once", async () => {
    await truncateAllTables(postgres.url);
    const one = await openPortfolioStore({ kind: "postgres", url: postgres.url });
    const two = await openPortfolioStore({ kind: "postgres", url: postgres.url });
    try {
      const at = "2025-03-01T10:00:00.000Z";
      const rules: NotificationRule[] = [];
      for (let i = 0; i < 20; i++) {
        rules.push(
          await one.notifications.addRule({
            name: `r${i}`,
            events: ["upload.rejected"],
            filter: { projects: [], tags: [], kevOnly: false },
            destination: { type: "webhook", url: "https://hooks.example.org/x", secret: "0123456789abcdef" },
            delivery: "immediate",
            scope: [],
            createdAt: at,
          }),
        );
      }
      const event = {
        id: "evt-1",
        sequence: 1,
        type: "upload.rejected" as const,
        occurredAt: at,
        findings: [],
        violations: [],
        reason: "not an SBOM",
      };
      const step = (store: typeof one) =>
        store.notifications.advanceOutbox({
          from: 0,
          to: 1,
          deliveries: rules.map((r) => ({
            id: `${r.id}:evt-1`,
            ruleId: r.id,
            content: { kind: "event" as const, event },
            createdAt: at,
            nextAttemptAt: at,
          })),
          digestEntries: [],
          at,
        });
      const applied = await Promise.all([step(one), step(two), step(one), step(two)]);
      assert.equal(applied.filter(Boolean).length, 1);
      const claims = await Promise.all(
        [one, two, one, two].map((s, i) =>
          s.notifications.claimDeliveries({ now: at, owner: `owner-${i}`, leaseMs: 60_000, limit: 7 }),
        ),
      );
      const ids = claims.flat().map((d) => d.id);
      assert.equal(new Set(ids).size, ids.length, "no delivery claimed twice");
      assert.equal(ids.length, 20);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
