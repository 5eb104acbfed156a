import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { hasCode } from "../model/errors.js";
import { type NotificationEvent, readOutboxEvent } from "../notify/events.js";
import type { AttemptRecord, NewDelivery, NotificationStore } from "../notify/ports.js";
import type { NewNotificationRule } from "../notify/rules.js";
import { corpusFindings } from "./notify-fixtures.js";

/** A fresh, empty store for one test, and how to dispose of it. */
export interface StoreUnderTest {
  store: NotificationStore;
  close?(): Promise<void>;
}

const T0 = Date.parse("2025-03-01T10:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function rule(name: string): NewNotificationRule {
  return {
    name,
    events: ["finding.new"],
    filter: { projects: ["team-a/*"], tags: [], minSeverity: "high", kevOnly: false },
    destination: {
      type: "webhook",
      url: "https://hooks.example.org/bulwark",
      secret: "s3cret-s3cret-s3cret",
    },
    delivery: "immediate",
    scope: ["team-a/*"],
    createdBy: "admin-key",
    createdAt: at(0),
  };
}

/**
 * The contract every NotificationStore fulfils, as one suite: run it with a factory giving a fresh store per
 * test (the in-memory store runs it in src/notify/memory-store.test.ts; SQLite and PostgreSQL stores run it
 * the same way). Event contents are made from real corpus advisories, non-ASCII text included.
 */
export function notificationStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`notification store contract: ${name}`, () => {
    let events: NotificationEvent[];
    before(async () => {
      const findings = await corpusFindings();
      events = [];
      for (let i = 0; i < 6; i++) {
        const { event } = await readOutboxEvent(
          {
            id: i + 1,
            type: "finding.new",
            occurredAt: at(i),
            payload: {
              project: { name: `team-a/service-${i}`, tags: ["internet-facing", "équipe-ü"] },
              findings: findings.slice(i * 3, i * 3 + 3),
            },
          },
          { now: at(i) },
        );
        events.push(event!);
      }
    });

    async function withStore(work: (store: NotificationStore) => Promise<void>): Promise<void> {
      const { store, close } = await open();
      try {
        await work(store);
      } finally {
        await close?.();
      }
    }

    const delivery = (ruleId: string, event: NotificationEvent, dueSeconds = 0): NewDelivery => ({
      id: `${ruleId}:${event.id}`,
      ruleId,
      content: { kind: "event", event },
      createdAt: at(dueSeconds),
      nextAttemptAt: at(dueSeconds),
    });

    function record(
      ruleId: string,
      deliveryId: string,
      owner: string,
      outcome: AttemptRecord["outcome"],
      seconds: number,
      extra: Partial<AttemptRecord> = {},
    ): AttemptRecord {
      return {
        deliveryId,
        owner,
        at: at(seconds),
        firstAttemptAt: at(seconds),
        outcome,
        log: {
          ruleId,
          deliveryId,
          messageId: deliveryId.split(":")[1]!,
          messageType: "finding.new",
          attempt: 1,
          startedAt: at(seconds),
          durationMs: 12,
          outcome,
          ...(outcome === "delivered" ? { status: 200 } : { status: 503, error: "HTTP 503" }),
        },
        destination: { consecutiveFailures: outcome === "delivered" ? 0 : 1 },
        ...extra,
      };
    }

    test("rules: stored with an id, read back whole, listed by id in pages, deleted", async () => {
      await withStore(async (store) => {
        const a = await store.addRule(rule("criticals"));
        const b = await store.addRule({ ...rule("digest"), delivery: "weekly" });
        const c = await store.addRule({
          ...rule("mail"),
          destination: { type: "email", to: ["sec@example.org"] },
        });
        assert.equal(new Set([a.id, b.id, c.id]).size, 3);
        assert.deepEqual(await store.getRule(a.id), { ...rule("criticals"), id: a.id });
        const first = await store.listRules({ limit: 2 });
        assert.deepEqual(
          first.items.map((r) => r.name),
          ["criticals", "digest"],
        );
        assert.ok(first.nextCursor);
        const second = await store.listRules({ limit: 2, cursor: first.nextCursor! });
        assert.deepEqual(
          second.items.map((r) => r.name),
          ["mail"],
        );
        assert.equal(second.nextCursor, null);
        assert.equal(await store.deleteRule(b.id), true);
        assert.equal(await store.deleteRule(b.id), false);
        assert.equal(await store.getRule(b.id), undefined);
        assert.equal((await store.listRules()).items.length, 2);
      });
    });

    test("a malformed page cursor is a USAGE error", async () => {
      await withStore(async (store) => {
        await assert.rejects(store.listRules({ cursor: "not a cursor" }), (e) => hasCode(e, "USAGE"));
      });
    });

    test("the outbox cursor advances by compare-and-set, queuing deliveries once", async () => {
      await withStore(async (store) => {
        const r = await store.addRule(rule("r"));
        assert.equal(await store.outboxCursor(), 0);
        const step = {
          from: 0,
          to: 2,
          deliveries: [delivery(r.id, events[0]!), delivery(r.id, events[1]!)],
          digestEntries: [],
          at: at(2),
        };
        assert.equal(await store.advanceOutbox(step), true);
        assert.equal(await store.outboxCursor(), 2);
        // A second instance that read from the same cursor: nothing applies.
        assert.equal(await store.advanceOutbox({ ...step, deliveries: [delivery(r.id, events[2]!)] }), false);
        assert.equal(await store.outboxCursor(), 2);
        // An id already queued is not queued again; a rule that no longer exists gets nothing.
        const again = {
          from: 2,
          to: 3,
          deliveries: [delivery(r.id, events[1]!), delivery("999999", events[2]!)],
          digestEntries: [],
          at: at(3),
        };
        assert.equal(await store.advanceOutbox(again), true);
        const queued = await store.listDeliveries(r.id);
        assert.deepEqual(
          queued.items.map((d) => d.id),
          [`${r.id}:evt-1`, `${r.id}:evt-2`],
        );
        assert.deepEqual(queued.items[0]!.content, { kind: "event", event: events[0] });
        assert.equal(queued.items[0]!.attempts, 0);
      });
    });

    test("claims take each active destination's head when due, under a lease only one owner holds", async () => {
      await withStore(async (store) => {
        const a = await store.addRule(rule("a"));
        const b = await store.addRule(rule("b"));
        const c = await store.addRule(rule("c"));
        await store.advanceOutbox({
          from: 0,
          to: 3,
          deliveries: [
            delivery(a.id, events[0]!),
            delivery(a.id, events[1]!),
            delivery(b.id, events[0]!),
            delivery(c.id, events[2]!, 60),
          ],
          digestEntries: [],
          at: at(0),
        });
        const claimed = await store.claimDeliveries({ now: at(1), owner: "one", leaseMs: 30_000, limit: 10 });
        // One per destination (a's second waits for its first), and c is not due yet.
        assert.deepEqual(claimed.map((d) => d.id).sort(), [`${a.id}:evt-1`, `${b.id}:evt-1`].sort());
        assert.ok(claimed.every((d) => d.leaseOwner === "one" && d.leaseUntil === at(31)));
        assert.deepEqual(
          await store.claimDeliveries({ now: at(2), owner: "two", leaseMs: 30_000, limit: 10 }),
          [],
        );
        assert.equal(await store.nextDueAt(), at(31));
        // After the lease expires, another owner may take it over; the first owner can no longer record.
        const takeover = await store.claimDeliveries({
          now: at(32),
          owner: "two",
          leaseMs: 30_000,
          limit: 1,
        });
        assert.equal(takeover.length, 1);
        const taken = takeover[0]!;
        assert.equal(
          await store.recordAttempt(record(taken.ruleId, taken.id, "one", "delivered", 33)),
          false,
        );
        assert.equal(await store.recordAttempt(record(taken.ruleId, taken.id, "two", "delivered", 33)), true);
        assert.equal((await store.deliveryLog(taken.ruleId)).items.length, 1);
      });
    });

    test("a delivered head gives way to the next delivery of its destination, in queue order", async () => {
      await withStore(async (store) => {
        const a = await store.addRule(rule("a"));
        await store.advanceOutbox({
          from: 0,
          to: 3,
          deliveries: events.slice(0, 3).map((e) => delivery(a.id, e)),
          digestEntries: [],
          at: at(0),
        });
        const sent: string[] = [];
        for (let i = 0; i < 3; i++) {
          const [head] = await store.claimDeliveries({
            now: at(10 + i),
            owner: "one",
            leaseMs: 30_000,
            limit: 5,
          });
          sent.push(head!.id);
          assert.equal(await store.recordAttempt(record(a.id, head!.id, "one", "delivered", 10 + i)), true);
        }
        assert.deepEqual(sent, [`${a.id}:evt-1`, `${a.id}:evt-2`, `${a.id}:evt-3`]);
        assert.deepEqual((await store.listDeliveries(a.id)).items, []);
        assert.equal(await store.nextDueAt(), undefined);
        const state = await store.destinationState(a.id);
        assert.equal(state.lastSuccessAt, at(12));
        assert.equal(state.consecutiveFailures, 0);
      });
    });

    test("a retry keeps the delivery at the head with its attempt count, error and next time; the log lists newest first", async () => {
      await withStore(async (store) => {
        const a = await store.addRule(rule("a"));
        await store.advanceOutbox({
          from: 0,
          to: 2,
          deliveries: [delivery(a.id, events[0]!), delivery(a.id, events[1]!)],
          digestEntries: [],
          at: at(0),
        });
        const [head] = await store.claimDeliveries({ now: at(0), owner: "one", leaseMs: 30_000, limit: 5 });
        const retry = record(a.id, head!.id, "one", "retrying", 1, {
          nextAttemptAt: at(6),
          destination: { consecutiveFailures: 1, lastError: "HTTP 503" },
        });
        assert.equal(await store.recordAttempt(retry), true);
        const [queued] = (await store.listDeliveries(a.id)).items;
        assert.equal(queued!.id, head!.id);
        assert.equal(queued!.attempts, 1);
        assert.equal(queued!.nextAttemptAt, at(6));
        assert.equal(queued!.firstAttemptAt, at(1));
        assert.equal(queued!.lastError, "HTTP 503");
        assert.equal(queued!.leaseOwner, undefined);
        assert.deepEqual(
          await store.claimDeliveries({ now: at(5), owner: "one", leaseMs: 30_000, limit: 5 }),
          [],
        );
        assert.equal(await store.nextDueAt(), at(6));
        const state = await store.destinationState(a.id);
        assert.equal(state.consecutiveFailures, 1);
        assert.equal(state.lastError, "HTTP 503");
        assert.equal(state.status, "active");
        const [again] = await store.claimDeliveries({ now: at(6), owner: "one", leaseMs: 30_000, limit: 5 });
        assert.equal(again!.id, head!.id);
        await store.recordAttempt({
          ...record(a.id, head!.id, "one", "delivered", 7),
          log: { ...record(a.id, head!.id, "one", "delivered", 7).log, attempt: 2 },
        });
        const log = await store.deliveryLog(a.id, { limit: 1 });
        assert.deepEqual(
          log.items.map((e) => [e.outcome, e.attempt]),
          [["delivered", 2]],
        );
        const older = await store.deliveryLog(a.id, { limit: 1, cursor: log.nextCursor! });
        assert.deepEqual(
          older.items.map((e) => [e.outcome, e.attempt, e.status]),
          [["retrying", 1, 503]],
        );
        assert.equal(older.nextCursor, null);
      });
    });

    test("a paused destination keeps its queue, is skipped by claims and listed until resumed", async () => {
      await withStore(async (store) => {
        const a = await store.addRule(rule("a"));
        const b = await store.addRule(rule("b"));
        await store.advanceOutbox({
          from: 0,
          to: 1,
          deliveries: [delivery(a.id, events[0]!), delivery(b.id, events[0]!)],
          digestEntries: [],
          at: at(0),
        });
        const claimed = await store.claimDeliveries({ now: at(0), owner: "one", leaseMs: 30_000, limit: 5 });
        const ofA = claimed.find((d) => d.ruleId === a.id)!;
        const ofB = claimed.find((d) => d.ruleId === b.id)!;
        assert.equal(await store.recordAttempt(record(b.id, ofB.id, "one", "delivered", 1)), true);
        const paused = record(a.id, ofA.id, "one", "paused", 1, {
          destination: { consecutiveFailures: 1, lastError: "HTTP 410", pauseReason: "HTTP 410: gone" },
        });
        assert.equal(await store.recordAttempt(paused), true);
        const state = await store.destinationState(a.id);
        assert.deepEqual([state.status, state.reason, state.pausedAt], ["paused", "HTTP 410: gone", at(1)]);
        assert.equal((await store.listDeliveries(a.id)).items[0]!.attempts, 1);
        assert.deepEqual(
          await store.claimDeliveries({ now: at(100), owner: "one", leaseMs: 30_000, limit: 5 }),
          [],
        );
        assert.deepEqual(
          (await store.pausedDestinations()).items.map((s) => s.ruleId),
          [a.id],
        );
        assert.equal(await store.resumeDestination(a.id, at(200)), true);
        assert.equal(await store.resumeDestination("999999", at(200)), false);
        const resumed = await store.destinationState(a.id);
        assert.deepEqual([resumed.status, resumed.consecutiveFailures], ["active", 0]);
        assert.deepEqual((await store.pausedDestinations()).items, []);
        const [head] = await store.claimDeliveries({ now: at(200), owner: "one", leaseMs: 30_000, limit: 5 });
        assert.equal(head!.id, ofA.id);
        assert.equal(head!.firstAttemptAt, undefined);
      });
    });

    test("digest entries wait until due, come back grouped per rule and due time, and flush once", async () => {
      await withStore(async (store) => {
        const a = await store.addRule({ ...rule("daily"), delivery: "daily" });
        const b = await store.addRule({ ...rule("weekly"), delivery: "weekly" });
        const day1 = "2025-03-02T08:00:00.000Z";
        const day2 = "2025-03-03T08:00:00.000Z";
        await store.advanceOutbox({
          from: 0,
          to: 4,
          deliveries: [],
          digestEntries: [
            { ruleId: a.id, dueAt: day1, event: events[0]! },
            { ruleId: b.id, dueAt: day2, event: events[1]! },
            { ruleId: a.id, dueAt: day1, event: events[2]! },
            { ruleId: a.id, dueAt: day2, event: events[3]! },
            { ruleId: "999999", dueAt: day1, event: events[3]! },
          ],
          at: at(0),
        });
        assert.equal(await store.nextDueAt(), day1);
        assert.deepEqual(await store.dueDigests("2025-03-02T07:59:59.999Z"), []);
        const due = await store.dueDigests(day1);
        assert.deepEqual(due, [{ ruleId: a.id, dueAt: day1, events: [events[0], events[2]] }]);
        const digest: NewDelivery = {
          id: `${a.id}:digest:1`,
          ruleId: a.id,
          content: {
            kind: "digest",
            mode: "daily",
            from: "2025-03-01T08:00:00.000Z",
            to: day1,
            part: 1,
            parts: 1,
            events: due[0]!.events,
          },
          createdAt: day1,
          nextAttemptAt: day1,
        };
        assert.equal(await store.flushDigest({ ruleId: a.id, dueAt: day1, deliveries: [digest] }), true);
        assert.equal(await store.flushDigest({ ruleId: a.id, dueAt: day1, deliveries: [digest] }), false);
        assert.deepEqual(
          (await store.listDeliveries(a.id)).items.map((d) => d.content),
          [digest.content],
        );
        // Two digests due at the same time: their order among themselves is not part of the contract.
        const both = (await store.dueDigests(day2)).map(
          (d) => [d.ruleId, d.events.map((e) => e.id)] as const,
        );
        assert.deepEqual(
          new Map(both),
          new Map([
            [a.id, [events[3]!.id]],
            [b.id, [events[1]!.id]],
          ]),
        );
      });
    });

    test("deleting a rule drops its queue, digest entries and state but keeps its log", async () => {
      await withStore(async (store) => {
        const a = await store.addRule(rule("a"));
        await store.advanceOutbox({
          from: 0,
          to: 2,
          deliveries: [delivery(a.id, events[0]!), delivery(a.id, events[1]!)],
          digestEntries: [{ ruleId: a.id, dueAt: at(3600), event: events[2]! }],
          at: at(0),
        });
        const [head] = await store.claimDeliveries({ now: at(0), owner: "one", leaseMs: 30_000, limit: 1 });
        await store.recordAttempt(record(a.id, head!.id, "one", "delivered", 1));
        assert.equal(await store.deleteRule(a.id), true);
        assert.deepEqual((await store.listDeliveries(a.id)).items, []);
        assert.deepEqual(await store.dueDigests(at(7200)), []);
        assert.equal(await store.nextDueAt(), undefined);
        assert.equal((await store.destinationState(a.id)).lastSuccessAt, undefined);
        assert.equal((await store.deliveryLog(a.id)).items.length, 1);
      });
    });
  });
}
