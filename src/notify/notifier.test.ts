import assert from "node:assert/strict";
import { createHmac, timingSafeEqual } from "node:crypto";
import { after, before, beforeEach, describe, test } from "node:test";
import { createHttpClient, type OutboundPolicy, type Resolver } from "../net/index.js";
import {
  corpusFindings,
  kevFindings,
  ManualClock,
  type Receiver,
  startReceiver,
} from "../testing/notify-fixtures.js";
import { destinationChecker } from "./destinations.js";
import type { NotificationPayload } from "./events.js";
import { MemoryEventLog, MemoryNotificationStore } from "./memory-store.js";
import { createNotifier, type NotifierNotice, type NotifierOptions } from "./notifier.js";
import type { NotificationStore } from "./ports.js";
import { type NotificationRule, prepareRule } from "./rules.js";
import { webhookSignatureProblem } from "./signature.js";
import type { WebhookBody } from "./webhook-payload.js";

const T0 = Date.parse("2025-03-01T10:00:00.000Z");
const SECRET = "a-webhook-secret-the-receiver-knows";
const LOCAL: OutboundPolicy = { allowHttp: true, allowPrivate: true };

type Findings = NonNullable<NotificationPayload["findings"]>;
let findings: Findings;
let receiver: Receiver;

before(async () => {
  findings = await corpusFindings();
  assert.ok(findings.length >= 150, "the corpus's npm advisories give at least 150 findings");
  receiver = await startReceiver();
});
after(() => receiver.stop());
beforeEach(async () => {
  receiver.requests.length = 0;
  receiver.answer = (_request, res) => {
    res.writeHead(200);
    res.end("ok");
  };
  await receiver.start().catch(() => undefined);
});

/** A notifier over a memory store and outbox, with a manual clock and no jitter. */
function harness(options: Partial<NotifierOptions> & { policy?: OutboundPolicy; resolver?: Resolver } = {}) {
  const store = options.store ?? new MemoryNotificationStore();
  const events = (options.events as MemoryEventLog | undefined) ?? new MemoryEventLog();
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock(T0);
  const notices: NotifierNotice[] = [];
  const notifier = createNotifier({
    http: createHttpClient({ policy: options.policy ?? LOCAL, resolver: options.resolver }),
    random: () => 0.5,
    onNotice: (n) => notices.push(n),
    ...options,
    store,
    events,
    clock,
  });
  /** One pass, and the attempts it started. */
  const cycle = async () => {
    const summary = await notifier.tick();
    await notifier.drain();
    return summary;
  };
  return { store, events, clock, notices, notifier, cycle };
}

async function addRule(
  store: NotificationStore,
  input: Record<string, unknown>,
  at = T0 - 60_000,
  scope: string[] = [],
): Promise<NotificationRule> {
  const { rule } = await prepareRule(
    {
      name: "rule",
      events: ["finding.new"],
      destination: { type: "webhook", url: receiver.url, secret: SECRET },
      ...input,
    },
    {
      scope,
      at: new Date(at).toISOString(),
      checkDestination: destinationChecker({ policy: LOCAL, mail: false }),
    },
  );
  return store.addRule(rule);
}

function findingEvent(at: number, project: string, list: Findings, type = "finding.new") {
  return {
    type,
    occurredAt: new Date(at).toISOString(),
    payload: { project: { name: project, tags: ["internet-facing"] }, findings: list },
  };
}

type EventBody = Exclude<WebhookBody, { type: "digest" }> & { subject: NotificationPayload };
type DigestBody = Extract<WebhookBody, { type: "digest" }>;
const bodyOf = (i: number) => JSON.parse(receiver.requests[i]!.body) as EventBody;
const digestOf = (i: number) => JSON.parse(receiver.requests[i]!.body) as DigestBody;

describe("webhook delivery to a local receiver", () => {
  test("one upload's 100 findings arrive as one signed message that a receiver verifies", async () => {
    const h = harness();
    await addRule(h.store, {});
    h.events.append([findingEvent(T0, "payments/api", findings.slice(0, 100))]);
    const summary = await h.cycle();
    assert.deepEqual([summary.events, summary.queued, summary.started], [1, 1, 1]);
    assert.equal(receiver.requests.length, 1);
    const request = receiver.requests[0]!;
    // Verified as a receiver would, with its own HMAC computation over the raw body.
    const timestamp = String(request.headers["x-bulwark-timestamp"]);
    assert.equal(timestamp, String(T0 / 1000));
    const expected = `sha256=${createHmac("sha256", SECRET).update(`${timestamp}.${request.body}`).digest("hex")}`;
    const given = String(request.headers["x-bulwark-signature"]);
    assert.ok(timingSafeEqual(Buffer.from(given), Buffer.from(expected)));
    assert.equal(
      webhookSignatureProblem({
        secret: SECRET,
        body: request.body,
        timestamp,
        signature: given,
        nowMs: T0 + 1000,
      }),
      undefined,
    );
    assert.equal(
      webhookSignatureProblem({
        secret: SECRET,
        body: request.body.replace("payments", "pavments"),
        timestamp,
        signature: given,
        nowMs: T0,
      }),
      "the signature does not match",
    );
    assert.equal(
      webhookSignatureProblem({
        secret: SECRET,
        body: request.body,
        timestamp,
        signature: given,
        nowMs: T0 + 600_000,
      }),
      "the timestamp is too old or in the future",
    );
    assert.equal(request.headers["content-type"], "application/json");
    const body = bodyOf(0);
    assert.equal(body.id, "evt-1");
    assert.equal(body.type, "finding.new");
    assert.equal(body.occurredAt, new Date(T0).toISOString());
    assert.deepEqual(body.subject.project, { name: "payments/api", tags: ["internet-facing"] });
    assert.deepEqual(
      body.subject.findings!.map((f) => f.id),
      findings.slice(0, 100).map((f) => f.id),
    );
    assert.equal(request.headers["x-bulwark-event-id"], "evt-1");
    const log = await h.store.deliveryLog("1");
    assert.deepEqual(
      log.items.map((e) => [e.outcome, e.status, e.messageId]),
      [["delivered", 200, "evt-1"]],
    );
  });

  test("a receiver that was down gets the message on a later attempt, after the backoff", async () => {
    const h = harness();
    await addRule(h.store, {});
    await receiver.stop();
    h.events.append([findingEvent(T0, "payments/api", findings.slice(0, 2))]);
    await h.cycle();
    const [failed] = (await h.store.deliveryLog("1")).items;
    assert.equal(failed!.outcome, "retrying");
    assert.match(failed!.error!, /ECONNREFUSED/);
    assert.equal(failed!.nextAttemptAt, new Date(T0 + 5000).toISOString());
    await receiver.start();
    h.clock.advance(4000);
    await h.cycle();
    assert.equal(receiver.requests.length, 0, "not before the backoff has passed");
    h.clock.advance(1000);
    await h.cycle();
    assert.equal(receiver.requests.length, 1);
    assert.equal(bodyOf(0).id, "evt-1");
    assert.deepEqual(
      (await h.store.deliveryLog("1")).items.map((e) => [e.attempt, e.outcome]),
      [
        [2, "delivered"],
        [1, "retrying"],
      ],
    );
    assert.equal((await h.store.destinationState("1")).consecutiveFailures, 0);
  });

  test("a 503 with Retry-After waits as long as the receiver asks", async () => {
    const h = harness();
    await addRule(h.store, {});
    receiver.answer = (_r, res) => {
      res.writeHead(503, { "retry-after": "120" });
      res.end("busy");
    };
    h.events.append([findingEvent(T0, "payments/api", findings.slice(0, 1))]);
    await h.cycle();
    const [entry] = (await h.store.deliveryLog("1")).items;
    assert.deepEqual([entry!.outcome, entry!.status, entry!.error], ["retrying", 503, "HTTP 503: busy"]);
    assert.equal(entry!.nextAttemptAt, new Date(T0 + 120_000).toISOString());
  });

  test("messages to one destination arrive in event order, a failed one holding back the next", async () => {
    const h = harness();
    await addRule(h.store, {});
    let answered = 0;
    receiver.answer = (_r, res) => {
      res.writeHead(answered++ === 0 ? 500 : 200);
      res.end();
    };
    h.events.append(
      [0, 1, 2].map((i) => findingEvent(T0 + i, `team-a/service-${i}`, findings.slice(i, i + 1))),
    );
    await h.cycle();
    assert.deepEqual(
      receiver.requests.map((_, i) => bodyOf(i).id),
      ["evt-1"],
    );
    for (let i = 0; i < 5; i++) {
      h.clock.advance(10_000);
      await h.cycle();
    }
    assert.deepEqual(
      receiver.requests.map((_, i) => bodyOf(i).id),
      ["evt-1", "evt-1", "evt-2", "evt-3"],
    );
  });

  test("a destination that answers 410 is paused and reported; resumed, it gets what waited", async () => {
    const h = harness();
    await addRule(h.store, {});
    receiver.answer = (_r, res) => {
      res.writeHead(410);
      res.end("gone");
    };
    h.events.append([
      findingEvent(T0, "a", findings.slice(0, 1)),
      findingEvent(T0, "b", findings.slice(1, 2)),
    ]);
    await h.cycle();
    const state = await h.store.destinationState("1");
    assert.deepEqual([state.status, state.reason], ["paused", "HTTP 410: gone"]);
    assert.deepEqual(
      h.notices
        .filter((n) => n.kind === "destination-paused")
        .map((n) => n.kind === "destination-paused" && n.reason),
      ["HTTP 410: gone"],
    );
    assert.deepEqual(
      (await h.store.pausedDestinations()).items.map((s) => s.ruleId),
      ["1"],
    );
    h.clock.advance(3_600_000);
    await h.cycle();
    assert.equal(receiver.requests.length, 1, "nothing is sent to a paused destination");
    receiver.answer = (_r, res) => {
      res.writeHead(204);
      res.end();
    };
    await h.store.resumeDestination("1", h.clock.iso());
    await h.cycle();
    await h.cycle();
    assert.deepEqual(
      receiver.requests.slice(1).map((_, i) => bodyOf(i + 1).id),
      ["evt-1", "evt-2"],
    );
  });

  test("a message the destination refuses (400) is dropped and the next one goes on", async () => {
    const h = harness();
    await addRule(h.store, {});
    let answered = 0;
    receiver.answer = (_r, res) => {
      res.writeHead(answered++ === 0 ? 400 : 200);
      res.end(answered === 1 ? "invalid_payload" : "ok");
    };
    h.events.append([
      findingEvent(T0, "a", findings.slice(0, 1)),
      findingEvent(T0, "b", findings.slice(1, 2)),
    ]);
    await h.cycle();
    await h.cycle();
    assert.deepEqual(
      (await h.store.deliveryLog("1")).items.map((e) => [e.messageId, e.outcome]),
      [
        ["evt-2", "delivered"],
        ["evt-1", "rejected"],
      ],
    );
    assert.equal((await h.store.destinationState("1")).status, "active");
    assert.ok(h.notices.some((n) => n.kind === "delivery-dropped" && n.outcome === "rejected"));
  });

  test("a receiver down for 24 hours: retries back off exponentially, then the delivery is given up and the destination paused", async () => {
    const h = harness();
    await addRule(h.store, {});
    await receiver.stop();
    h.events.append([findingEvent(T0, "a", findings.slice(0, 1))]);
    await h.cycle();
    for (let i = 0; i < 100 && (await h.store.destinationState("1")).status === "active"; i++) {
      const due = await h.store.nextDueAt();
      h.clock.advance(Date.parse(due!) - h.clock.now());
      await h.cycle();
    }
    const log = (await h.store.deliveryLog("1", { limit: 1000 })).items.reverse();
    const gaps = log.slice(1).map((e, i) => Date.parse(e.startedAt) - Date.parse(log[i]!.startedAt));
    assert.deepEqual(gaps.slice(0, 5), [5_000, 10_000, 20_000, 40_000, 80_000]);
    assert.equal(Math.max(...gaps), 3_600_000, "the delay is capped at one hour");
    const last = log[log.length - 1]!;
    assert.equal(last.outcome, "gave-up");
    const span = Date.parse(last.startedAt) - T0;
    assert.ok(span <= 24 * 3_600_000 && span > 23 * 3_600_000, `attempts span ${span} ms`);
    const state = await h.store.destinationState("1");
    assert.equal(state.status, "paused");
    assert.match(state.reason!, /^failing since 2025-03-01T10:00:00.000Z: .*ECONNREFUSED/);
    assert.deepEqual((await h.store.listDeliveries("1")).items, []);
  });
});

describe("durability: restarts and several instances", () => {
  test("a notifier that dies mid-send: a new one over the same store sends it again with the same id, then the rest", async () => {
    const store = new MemoryNotificationStore();
    const events = new MemoryEventLog();
    const clock = new ManualClock(T0);
    await addRule(store, {});
    // The first instance's store connection dies after the receiver got the request: nothing is recorded.
    const dying: NotificationStore = Object.create(store, {
      recordAttempt: { value: async () => Promise.reject(new Error("the process was killed")) },
    });
    const first = harness({ store: dying, events, clock });
    events.append([findingEvent(T0, "a", findings.slice(0, 1)), findingEvent(T0, "b", findings.slice(1, 2))]);
    await first.cycle();
    assert.equal(receiver.requests.length, 1);
    events.append([findingEvent(T0 + 1, "c", findings.slice(2, 3))]);

    const second = harness({ store, events, clock });
    await second.cycle();
    assert.equal(receiver.requests.length, 1, "the lease of the dead instance still holds");
    clock.advance(60_000);
    for (let i = 0; i < 4; i++) await second.cycle();
    const ids = receiver.requests.map((_, i) => bodyOf(i).id);
    assert.deepEqual(ids, ["evt-1", "evt-1", "evt-2", "evt-3"]);
    assert.equal(
      receiver.requests[0]!.headers["x-bulwark-delivery"],
      receiver.requests[1]!.headers["x-bulwark-delivery"],
    );
    // A receiver de-duplicating on the id sees every event exactly once.
    assert.deepEqual([...new Set(ids)], ["evt-1", "evt-2", "evt-3"]);
  });

  test("events appended while no notifier ran are sent by the next one, nothing lost", async () => {
    const store = new MemoryNotificationStore();
    const events = new MemoryEventLog();
    await addRule(store, {});
    const first = harness({ store, events });
    events.append([findingEvent(T0, "a", findings.slice(0, 1))]);
    await first.cycle();
    await first.notifier.stop();
    events.append([
      findingEvent(T0 + 1, "b", findings.slice(1, 2)),
      findingEvent(T0 + 2, "c", findings.slice(2, 3)),
    ]);
    const second = harness({ store, events });
    await second.cycle();
    await second.cycle();
    assert.deepEqual(
      receiver.requests.map((_, i) => bodyOf(i).id),
      ["evt-1", "evt-2", "evt-3"],
    );
  });

  test("two instances sharing a store deliver each message once", async () => {
    const store = new MemoryNotificationStore();
    const events = new MemoryEventLog();
    const clock = new ManualClock(T0);
    await addRule(store, { name: "one" });
    await addRule(store, { name: "two" });
    const a = harness({ store, events, clock, owner: "instance-a" });
    const b = harness({ store, events, clock, owner: "instance-b" });
    events.append(
      Array.from({ length: 10 }, (_, i) => findingEvent(T0 + i, `p${i}`, findings.slice(i, i + 1))),
    );
    for (let i = 0; i < 12; i++) await Promise.all([a.cycle(), b.cycle()]);
    const received = receiver.requests.map((r, i) => `${r.headers["x-bulwark-delivery"]}=${bodyOf(i).id}`);
    assert.equal(received.length, 20);
    assert.equal(new Set(received).size, 20, "no message twice");
    for (const rule of ["1", "2"]) {
      const order = receiver.requests.filter((r) =>
        String(r.headers["x-bulwark-delivery"]).startsWith(`${rule}:`),
      );
      assert.deepEqual(
        order.map((r) => (JSON.parse(r.body) as { id: string }).id),
        Array.from({ length: 10 }, (_, i) => `evt-${i + 1}`),
      );
    }
  });
});

describe("what a rule sees", () => {
  test("a rule made with a project-scoped key never sees other projects, even in an event spanning several", async () => {
    const h = harness();
    await addRule(h.store, { events: ["finding.new", "advisory.affects-portfolio"] }, T0 - 1, ["team-a/*"]);
    h.events.append([
      findingEvent(T0, "team-b/api", findings.slice(0, 3)),
      findingEvent(T0, "team-a/web", findings.slice(3, 5)),
      {
        type: "advisory.affects-portfolio",
        occurredAt: new Date(T0).toISOString(),
        payload: {
          advisory: { id: findings[10]!.id, aliases: findings[10]!.aliases },
          findings: [
            { ...findings[10]!, project: { name: "team-b/api", tags: [] } },
            { ...findings[10]!, project: { name: "team-a/web", tags: [] } },
            { ...findings[10]!, project: { name: "team-a/worker", tags: [] } },
          ],
        },
      },
    ]);
    await h.cycle();
    await h.cycle();
    assert.deepEqual(
      receiver.requests.map((_, i) => bodyOf(i).id),
      ["evt-2", "evt-3"],
    );
    assert.deepEqual(
      bodyOf(1).subject.findings!.map((f) => f.project?.name),
      ["team-a/web", "team-a/worker"],
    );
  });

  test("KEV only: of real advisories, only the KEV-listed ones are sent", async () => {
    const kev = await kevFindings();
    assert.ok(kev.length >= 4, "the corpus has KEV-listed GHSA and Go records");
    const h = harness();
    await addRule(h.store, { filter: { kevOnly: true } });
    h.events.append([
      findingEvent(T0, "a", findings.slice(0, 20)),
      findingEvent(T0, "b", [...findings.slice(0, 5), ...kev]),
    ]);
    await h.cycle();
    await h.cycle();
    assert.deepEqual(
      receiver.requests.map((_, i) => bodyOf(i).id),
      ["evt-2"],
    );
    assert.deepEqual(
      bodyOf(0).subject.findings!.map((f) => f.id),
      kev.map((f) => f.id),
    );
  });

  test("an unreadable part of a payload is reported and left out; the rest is sent", async () => {
    const h = harness();
    await addRule(h.store, {});
    h.events.append([
      {
        type: "finding.new",
        occurredAt: "yesterday",
        payload: { project: { name: "a" }, findings: [findings[0], { id: 42 }, "junk"] },
      },
    ]);
    await h.cycle();
    assert.equal(receiver.requests.length, 1);
    assert.deepEqual(
      bodyOf(0).subject.findings!.map((f) => f.id),
      [findings[0]!.id],
    );
    assert.equal(bodyOf(0).occurredAt, new Date(T0).toISOString());
    const notice = h.notices.find((n) => n.kind === "event-unreadable");
    assert.deepEqual(notice, {
      kind: "event-unreadable",
      eventId: 1,
      type: "finding.new",
      problems: [
        "occurredAt: not a date-time; the time it was read is used",
        "findings[1]: a finding needs an id and a package with a name",
        "findings[2]: a finding needs an id and a package with a name",
      ],
    });
  });
});

describe("digests", () => {
  test("a daily rule gathers the day's events into one message at 08:00 UTC", async () => {
    const h = harness();
    await addRule(h.store, { delivery: "daily", events: ["finding.new", "finding.fixed"] });
    h.events.append([findingEvent(T0, "a", findings.slice(0, 2))]);
    await h.cycle();
    h.clock.advance(3 * 3_600_000);
    h.events.append([
      findingEvent(h.clock.now(), "b", findings.slice(2, 4), "finding.fixed"),
      findingEvent(h.clock.now(), "c", findings.slice(4, 5)),
    ]);
    await h.cycle();
    assert.equal(receiver.requests.length, 0);
    assert.equal(await h.store.nextDueAt(), "2025-03-02T08:00:00.000Z");
    h.clock.advance(Date.parse("2025-03-02T08:00:00.000Z") - h.clock.now());
    const summary = await h.cycle();
    assert.equal(summary.digests, 1);
    assert.equal(receiver.requests.length, 1);
    const body = digestOf(0);
    assert.equal(body.type, "digest");
    assert.equal(body.id, `digest-1-${Date.parse("2025-03-02T08:00:00.000Z")}-1`);
    assert.deepEqual(body.digest, {
      mode: "daily",
      from: "2025-03-01T08:00:00.000Z",
      to: "2025-03-02T08:00:00.000Z",
      part: 1,
      parts: 1,
    });
    assert.deepEqual(
      body.events.map((e) => [e.id, e.type, e.subject.findings.length]),
      [
        ["evt-1", "finding.new", 2],
        ["evt-2", "finding.fixed", 2],
        ["evt-3", "finding.new", 1],
      ],
    );
    await h.cycle();
    assert.equal(receiver.requests.length, 1, "a digest is sent once");
  });

  test("a long weekly digest is sent in parts", async () => {
    const h = harness({ digestPartSize: 4 });
    await addRule(h.store, { delivery: "weekly" });
    h.events.append(
      Array.from({ length: 10 }, (_, i) => findingEvent(T0 + i, `p${i}`, findings.slice(i, i + 1))),
    );
    await h.cycle();
    // 2025-03-01 is a Saturday: the weekly digest goes out on Monday 2025-03-03 at 08:00 UTC.
    assert.equal(await h.store.nextDueAt(), "2025-03-03T08:00:00.000Z");
    h.clock.advance(Date.parse("2025-03-03T08:00:00.000Z") - T0);
    for (let i = 0; i < 4; i++) await h.cycle();
    assert.deepEqual(
      receiver.requests.map((_, i) => {
        const body = digestOf(i);
        return [body.digest.part, body.digest.parts, body.events.length, body.digest.from];
      }),
      [
        [1, 3, 4, "2025-02-24T08:00:00.000Z"],
        [2, 3, 4, "2025-02-24T08:00:00.000Z"],
        [3, 3, 2, "2025-02-24T08:00:00.000Z"],
      ],
    );
  });
});

describe("outbound policy at delivery time", () => {
  const rebinding: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];

  test("a host whose DNS answer turned private is refused without contacting it, and the destination paused", async () => {
    const h = harness({ policy: { allowHttp: true }, resolver: rebinding });
    // The rule was accepted when the name resolved to a public address.
    const { rule } = await prepareRule(
      {
        name: "r",
        events: ["finding.new"],
        destination: {
          type: "webhook",
          url: `http://hooks.example.test:${receiver.port}/hook`,
          secret: SECRET,
        },
      },
      { scope: [], at: new Date(T0 - 1).toISOString(), checkDestination: async () => undefined },
    );
    await h.store.addRule(rule);
    h.events.append([findingEvent(T0, "a", findings.slice(0, 1))]);
    await h.cycle();
    assert.equal(receiver.requests.length, 0);
    const state = await h.store.destinationState("1");
    assert.equal(state.status, "paused");
    assert.match(state.reason!, /hooks\.example\.test resolves to 127\.0\.0\.1, a loopback address/);
  });

  test("the same destination is delivered to when private destinations are allowed", async () => {
    const h = harness({ policy: { allowHttp: true, allowPrivate: true }, resolver: rebinding });
    const { rule } = await prepareRule(
      {
        name: "r",
        events: ["finding.new"],
        destination: {
          type: "webhook",
          url: `http://hooks.example.test:${receiver.port}/hook`,
          secret: SECRET,
        },
      },
      { scope: [], at: new Date(T0 - 1).toISOString(), checkDestination: async () => undefined },
    );
    await h.store.addRule(rule);
    h.events.append([findingEvent(T0, "a", findings.slice(0, 1))]);
    await h.cycle();
    assert.equal(receiver.requests.length, 1);
  });
});

describe("the loop", () => {
  test("started, it delivers an appended event on wake() long before the next poll, and stops cleanly", async () => {
    const store = new MemoryNotificationStore();
    const events = new MemoryEventLog();
    await addRule(store, {}, Date.now() - 1000);
    const notifier = createNotifier({
      store,
      events,
      http: createHttpClient({ policy: LOCAL }),
      pollIntervalMs: 6_000,
    });
    notifier.start();
    try {
      const started = performance.now();
      events.append([findingEvent(Date.now(), "a", findings.slice(0, 1))]);
      notifier.wake();
      await receiver.waitFor(1, 6000);
      // Not a speed assertion (bench/notify.ts measures): a delivery before the poll interval came from wake().
      const ms = receiver.requests[0]!.receivedAt - started;
      assert.ok(ms < 5000, `delivered after ${ms.toFixed(0)} ms`);
      // Without wake(), the poll interval finds the event.
      events.append([findingEvent(Date.now(), "b", findings.slice(1, 2))]);
      await receiver.waitFor(2, 15_000);
    } finally {
      await notifier.stop();
    }
    const count = receiver.requests.length;
    assert.ok(count >= 2);
    events.append([findingEvent(Date.now(), "c", findings.slice(2, 3))]);
    notifier.wake();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(receiver.requests.length, count, "a stopped notifier sends nothing");
  });
});

test("a wake() while the loop plans its next pass is not lost to the poll interval", async () => {
  const store = new MemoryNotificationStore();
  const events = new MemoryEventLog();
  await addRule(store, {}, Date.now() - 1000);
  let planning: () => void = () => undefined;
  const entered = new Promise<void>((resolve) => {
    planning = resolve;
  });
  // The loop asks when something is next due after each pass; this answer is slow.
  const slow: NotificationStore = Object.create(store, {
    nextDueAt: {
      value: async () => {
        planning();
        await new Promise((resolve) => setTimeout(resolve, 200));
        return store.nextDueAt();
      },
    },
  });
  const notifier = createNotifier({
    store: slow,
    events,
    http: createHttpClient({ policy: LOCAL }),
    pollIntervalMs: 10_000,
  });
  notifier.start();
  try {
    await entered;
    events.append([findingEvent(Date.now(), "a", findings.slice(0, 1))]);
    notifier.wake();
    await receiver.waitFor(1, 2000);
  } finally {
    await notifier.stop();
  }
});
