// Notification benchmarks: the time from an event appended to the outbox until a local webhook receiver has
// the signed message (target < 1 s, issue 12), with the server waking the notifier and by polling alone; and
// the throughput of one notifier sending many messages. Memory store and outbox (the SQL stores plug in through
// the same port). Prints figures; never asserts.
import { loadavg } from "node:os";
import { createHttpClient } from "../src/net/index.js";
import { MemoryEventLog, MemoryNotificationStore } from "../src/notify/memory-store.js";
import { createNotifier } from "../src/notify/notifier.js";
import { prepareRule } from "../src/notify/rules.js";
import { corpusFindings, startReceiver } from "../src/testing/notify-fixtures.js";

const findings = (await corpusFindings()).slice(0, 40);
const receiver = await startReceiver();
const http = createHttpClient({ policy: { allowHttp: true, allowPrivate: true } });
const load = () => `load ${loadavg()[0]!.toFixed(1)}`;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function setup(rules: number, pollIntervalMs: number) {
  const store = new MemoryNotificationStore();
  const events = new MemoryEventLog();
  for (let i = 0; i < rules; i++) {
    const { rule } = await prepareRule(
      {
        name: `rule ${i}`,
        events: ["finding.new"],
        destination: { type: "webhook", url: `${receiver.url}/${i}`, secret: "bench-secret-bench-secret" },
      },
      { scope: [], at: new Date(Date.now() - 60_000).toISOString(), checkDestination: async () => undefined },
    );
    await store.addRule(rule);
  }
  const notifier = createNotifier({ store, events, http, pollIntervalMs, concurrency: 16 });
  notifier.start();
  return { store, events, notifier };
}

const event = (i: number) => ({
  type: "finding.new",
  occurredAt: new Date().toISOString(),
  payload: { project: { name: `team-a/service-${i}`, tags: ["internet-facing"] }, findings },
});

/** Appends one event at a time and waits for the receiver to have it. */
async function latency(wake: boolean, samples: number, pollIntervalMs: number): Promise<number[]> {
  const { events, notifier } = await setup(1, pollIntervalMs);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const before = receiver.requests.length;
    const started = performance.now();
    events.append([event(i)]);
    if (wake) notifier.wake();
    await receiver.waitFor(before + 1, 10_000);
    times.push(receiver.requests[before]!.receivedAt - started);
    // Let the poll timer land anywhere in its interval for the next sample.
    await new Promise((resolve) => setTimeout(resolve, wake ? 2 : Math.random() * pollIntervalMs));
  }
  await notifier.stop();
  return times;
}

const woken = await latency(true, 200, 500);
console.log(
  `event appended -> webhook received, server calls wake() (200 events, 40 findings each, ${load()}): median ${ms(pct(woken, 50))}, p95 ${ms(pct(woken, 95))}, max ${ms(Math.max(...woken))}`,
);
const polled = await latency(false, 30, 500);
console.log(
  `event appended -> webhook received, polling every 500 ms only (30 events, ${load()}): median ${ms(pct(polled, 50))}, p95 ${ms(pct(polled, 95))}, max ${ms(Math.max(...polled))}`,
);

// Throughput: 1,000 events to 5 destinations (5,000 signed messages, each destination in event order).
{
  receiver.requests.length = 0;
  const { events, notifier } = await setup(5, 500);
  const started = performance.now();
  events.append(Array.from({ length: 1000 }, (_, i) => event(i)));
  notifier.wake();
  await receiver.waitFor(5000, 120_000);
  const elapsed = performance.now() - started;
  await notifier.stop();
  console.log(
    `1,000 events to 5 webhook destinations (5,000 messages of 40 findings, ${load()}): ${ms(elapsed)}, ${((5000 / elapsed) * 1000).toFixed(0)} messages/s`,
  );
}
await receiver.stop();
