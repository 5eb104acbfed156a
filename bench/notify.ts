// Notification benchmarks: the time from an event appended to the outbox until a local webhook receiver has
// the signed message (target < 1 s, issue 12), with the server waking the notifier and by polling alone; and
// the throughput of one notifier sending many messages. Memory store and outbox (the SQL stores plug in through
// the same port). Prints figures; never asserts.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { inventory, inventoryToJson } from "../src/inventory/index.js";
import { createHttpClient } from "../src/net/index.js";
import { MemoryEventLog, MemoryNotificationStore } from "../src/notify/memory-store.js";
import { createNotifier } from "../src/notify/notifier.js";
import { prepareRule } from "../src/notify/rules.js";
import { newApiKey } from "../src/server/key-authenticator.js";
import { runServer } from "../src/server/run.js";
import { hashApiKey } from "../src/store/portfolio/api-key-hash.js";
import { corpusPath } from "../src/testing/corpus.js";
import { corpusFindings, startReceiver } from "../src/testing/notify-fixtures.js";
import { corpusProject, findingsFor, npmAdvisories } from "../src/testing/portfolio-fixtures.js";
import { createTestDatabase } from "../src/testing/postgres.js";

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

// The target end to end: a real server (runServer, SQLite and PostgreSQL) holding the frontend of the
// corpus; each sample imports, through POST /api/v1/advisories, one corpus advisory that affects it; the time is
// from the import request until the project's signed webhook is at the local receiver.
{
  const frontend = await corpusProject("dependency-track-frontend");
  const records = await npmAdvisories();
  const affecting = [...new Set(findingsFor(frontend.components, records).map((f) => f.finding.id))];
  const byId = new Map(records.map((r) => [r.id, r]));
  const inventoryText = JSON.stringify(
    inventoryToJson(await inventory([corpusPath("projects", "dependency-track-frontend")])),
  );
  const pg = await createTestDatabase("bulwark_bench_notify").catch(() => undefined);
  for (const database of [undefined, pg?.url]) {
    const dataDir = mkdtempSync(join(tmpdir(), "bulwark-bench-notify-"));
    const server = await runServer({
      host: "127.0.0.1",
      port: 0,
      dataDir,
      ...(database ? { database } : {}),
      outbound: { allowPrivate: true, allowHttp: true },
    });
    const secret = newApiKey();
    await server.store.apiKeys.create({
      name: "bench",
      role: "admin",
      projectPatterns: [],
      hash: hashApiKey(secret),
      createdAt: new Date().toISOString(),
    });
    const call = (method: string, path: string, body: string) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body,
      });
    const rule = await call(
      "POST",
      "/api/v1/notification-rules",
      JSON.stringify({
        name: "frontend",
        events: ["finding.new"],
        filter: { projects: ["web/*"] },
        destination: { type: "webhook", url: receiver.url, secret: "bench-secret-bench-secret" },
      }),
    );
    if (rule.status !== 201) throw new Error(`rule: ${rule.status} ${await rule.text()}`);
    const up = await call("POST", "/api/v1/projects/web%2Ffrontend/uploads", inventoryText);
    if (up.status !== 201) throw new Error(`upload: ${up.status}`);
    const total: number[] = [];
    const afterAnswer: number[] = [];
    for (const id of affecting.slice(0, 30)) {
      const before = receiver.requests.length;
      const started = performance.now();
      const imported = await call("POST", "/api/v1/advisories", JSON.stringify(byId.get(id)));
      const answered = performance.now();
      if (imported.status !== 200) throw new Error(`import: ${imported.status} ${await imported.text()}`);
      await receiver.waitFor(before + 1, 10_000);
      const at = receiver.requests[before]!.receivedAt;
      total.push(at - started);
      afterAnswer.push(Math.max(0, at - answered));
    }
    console.log(
      `advisory import (POST /api/v1/advisories, one record affecting the project) -> its webhook received, real server on ${database ? "PostgreSQL" : "SQLite"} (${total.length} imports, ${load()}): median ${ms(pct(total, 50))}, p95 ${ms(pct(total, 95))}, max ${ms(Math.max(...total))}; after the import's answer: median ${ms(pct(afterAnswer, 50))}, max ${ms(Math.max(...afterAnswer))}`,
    );
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  await pg?.drop();
}
await receiver.stop();
