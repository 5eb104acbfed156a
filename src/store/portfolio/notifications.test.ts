import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { createHttpClient } from "../../net/http-client.js";
import { createNotifier } from "../../notify/notifier.js";
import { type NotificationRule, prepareRule } from "../../notify/rules.js";
import { corpusFindings, startReceiver } from "../../testing/notify-fixtures.js";
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

describe("two notifiers on one PostgreSQL database (two server instances)", () => {
  test("every event of the outbox reaches the webhook exactly once, in order, though both deliver", async () => {
    await truncateAllTables(postgres.url);
    const one = await openPortfolioStore({ kind: "postgres", url: postgres.url });
    const two = await openPortfolioStore({ kind: "postgres", url: postgres.url });
    const receiver = await startReceiver();
    const http = createHttpClient({ policy: { allowPrivate: true, allowHttp: true } });
    const findings = (await corpusFindings()).slice(0, 60);
    try {
      const { rule } = await prepareRule(
        {
          name: "all",
          events: ["finding.new"],
          destination: { type: "webhook", url: receiver.url, secret: "0123456789abcdef-two" },
        },
        { scope: [], at: new Date(Date.now() - 60_000).toISOString(), checkDestination: async () => {} },
      );
      await one.notifications.addRule(rule);
      const notifiers = [one, two].map((store, i) =>
        createNotifier({
          store: store.notifications,
          events: store.events,
          http,
          owner: `instance-${i}`,
          pollIntervalMs: 20,
        }),
      );
      for (const n of notifiers) n.start();
      for (let i = 0; i < 20; i++)
        await (i % 2 ? two : one).events.append([
          {
            type: "finding.new",
            occurredAt: new Date().toISOString(),
            payload: { project: { name: `team/p${i}` }, findings: findings.slice(i * 3, i * 3 + 3) },
          },
        ]);
      await receiver.waitFor(20, 20_000);
      await new Promise((r) => setTimeout(r, 300));
      await Promise.all(notifiers.map((n) => n.stop()));
      const ids = receiver.requests.map((r) => JSON.parse(r.body).id as string);
      assert.equal(ids.length, 20, "no event sent twice");
      assert.deepEqual(
        ids,
        Array.from({ length: 20 }, (_, i) => `evt-${i + 1}`),
        "in outbox order",
      );
      const log = await one.notifications.deliveryLog("1", { limit: 100 });
      const delivered = new Set(log.items.filter((e) => e.outcome === "delivered").map((e) => e.deliveryId));
      assert.equal(delivered.size, 20, "each delivery recorded once, by the instance that made it");
    } finally {
      await receiver.stop();
      await one.close();
      await two.close();
    }
  });
});
