import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { inventory, inventoryToJson } from "../../inventory/index.js";
import { webhookSignatureProblem } from "../../notify/signature.js";
import { hashApiKey } from "../../store/portfolio/api-key-hash.js";
import { openPortfolioStore, type PortfolioStore } from "../../store/portfolio/index.js";
import { corpusPath } from "../../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../../testing/corpus-advisories.js";
import { type Receiver, startReceiver } from "../../testing/notify-fixtures.js";
import type { App } from "../app.js";
import { newApiKey } from "../key-authenticator.js";
import type { ServerNotifications } from "../notifications.js";
import { buildServer } from "../server.js";

// The notification-rule routes and the notifier inside the server, through Fastify's injection, on a real
// SQLite store with the corpus advisories and a local webhook receiver (the end-to-end proof with a real
// server process, SIGKILL and PostgreSQL is in src/server/notifications-process.test.ts).

const tmp = mkdtempSync(join(tmpdir(), "bulwark-notify-routes-"));
let advisories: CorpusAdvisories;
let store: PortfolioStore;
/** Allows private destinations over http (the local receiver). */
let app: App;
let notifications: ServerNotifications;
/** The default policy: private destinations refused; a 2 KB upload limit. */
let strict: App;
let receiver: Receiver;
const keys: Record<string, string> = {};
let frontend: string;

async function addKey(name: string, role: "admin" | "write" | "read", projects: string[] = []) {
  keys[name] = newApiKey();
  await store.apiKeys.create({
    name,
    role,
    projectPatterns: projects,
    hash: hashApiKey(keys[name]!),
    createdAt: new Date().toISOString(),
  });
}

before(async () => {
  advisories = await buildCorpusDatabase();
  store = await openPortfolioStore({ kind: "sqlite", path: join(tmp, "portfolio.db") });
  const base = {
    store,
    advisories: { reader: advisories.reader, location: advisories.path },
    webRoot: false as const,
  };
  ({ app, notifications } = await buildServer({
    ...base,
    notifications: {
      policy: { allowPrivate: true, allowHttp: true },
      pollIntervalMs: 50,
      retry: { baseDelayMs: 100, maxDelayMs: 200, jitter: 0 },
    },
  }));
  ({ app: strict } = await buildServer({ ...base, uploadLimitBytes: 2048 }));
  receiver = await startReceiver();
  await addKey("admin", "admin");
  await addKey("team-admin", "admin", ["web/*"]);
  await addKey("ci", "write");
  await addKey("auditor", "read");
  frontend = JSON.stringify(
    inventoryToJson(await inventory([corpusPath("projects", "dependency-track-frontend")])),
  );
  notifications.notifier.start();
});
after(async () => {
  await notifications?.notifier.stop();
  await app?.close();
  await strict?.close();
  await receiver?.stop();
  await store?.close();
  advisories?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

const call = (
  target: App,
  key: string,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
) =>
  target.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${keys[key]}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("notification rules over the API", () => {
  let ruleId: string;
  let secret: string;

  test("only admin keys manage rules; a rule is created with its destination checked, its generated secret shown once", async () => {
    const body = {
      name: "web criticals",
      events: ["finding.new"],
      destination: { type: "webhook", url: receiver.url },
    };
    assert.equal((await call(app, "ci", "POST", "/api/v1/notification-rules", body)).statusCode, 403);
    assert.equal((await call(app, "auditor", "GET", "/api/v1/notification-rules")).statusCode, 403);
    const created = await call(app, "admin", "POST", "/api/v1/notification-rules", body);
    assert.equal(created.statusCode, 201, created.body);
    const rule = created.json();
    assert.match(rule.generatedSecret, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(rule.scope, []);
    assert.equal(rule.createdBy, "admin");
    assert.deepEqual(rule.state, { status: "active", consecutiveFailures: 0 });
    ruleId = rule.id;
    secret = rule.generatedSecret;
    const shown = await call(app, "admin", "GET", `/api/v1/notification-rules/${ruleId}`);
    assert.equal(shown.statusCode, 200);
    assert.equal(shown.body.includes(secret), false, "the secret is never shown again");
    assert.equal(shown.json().queued, 0);
    const listed = await call(app, "admin", "GET", "/api/v1/notification-rules");
    assert.equal(listed.body.includes(secret), false);
    const audit = (await call(app, "admin", "GET", "/api/v1/audit?action=notification-rule.create")).json();
    assert.equal(audit.items[0].target, ruleId);
    assert.equal(JSON.stringify(audit.items[0]).includes(secret), false);
  });

  test("invalid rules are refused naming the field", async () => {
    const bad = await call(app, "admin", "POST", "/api/v1/notification-rules", {
      name: "x",
      events: ["finding.new", "nope"],
      destination: { type: "webhook", url: receiver.url },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().detail, /events/);
    const short = await call(app, "admin", "POST", "/api/v1/notification-rules", {
      name: "x",
      events: ["finding.new"],
      destination: { type: "webhook", url: receiver.url, secret: "short" },
    });
    assert.equal(short.statusCode, 400);
    const mail = await call(app, "admin", "POST", "/api/v1/notification-rules", {
      name: "x",
      events: ["finding.new"],
      destination: { type: "email", to: ["sec@example.org"] },
    });
    assert.equal(mail.statusCode, 400, "no SMTP relay configured");
    assert.match(mail.json().detail, /SMTP relay/);
  });

  test("without --allow-private-destinations, loopback, link-local and private destinations are refused", async () => {
    for (const url of [
      receiver.url,
      "https://127.0.0.1/hook",
      "https://[::1]/hook",
      "https://169.254.169.254/latest/meta-data",
      "https://10.1.2.3/hook",
      "https://localhost/hook",
    ]) {
      const r = await call(strict, "admin", "POST", "/api/v1/notification-rules", {
        name: "x",
        events: ["finding.new"],
        destination: { type: "webhook", url },
      });
      assert.equal(r.statusCode, 400, url);
      assert.equal(r.json().code, "NETWORK_REFUSED", url);
    }
  });

  test("an upload with many new findings is ONE signed webhook listing them all, logged as delivered", async () => {
    const before = receiver.requests.length;
    const up = await call(app, "ci", "POST", "/api/v1/projects/web%2Ffrontend/uploads", JSON.parse(frontend));
    assert.equal(up.statusCode, 201, up.body);
    const newFindings = up.json().findings.new;
    assert.ok(newFindings >= 10, "the corpus gives the frontend real findings");
    await receiver.waitFor(before + 1, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    const mine = receiver.requests
      .slice(before)
      .filter((r) => r.headers["x-bulwark-event"] === "finding.new");
    assert.equal(mine.length, 1, "one message for the upload, not one per finding");
    const request = mine[0]!;
    assert.equal(
      webhookSignatureProblem({
        secret,
        body: request.body,
        timestamp: request.headers["x-bulwark-timestamp"] as string,
        signature: request.headers["x-bulwark-signature"] as string,
        nowMs: Date.now(),
      }),
      undefined,
    );
    const message = JSON.parse(request.body);
    assert.equal(message.type, "finding.new");
    assert.equal(message.subject.project.name, "web/frontend");
    assert.equal(message.subject.findings.length, newFindings);
    assert.ok(
      message.subject.findings.every(
        (f: { id: string; package: { name: string } }) => f.id && f.package.name,
      ),
    );
    assert.equal(request.headers["x-bulwark-event-id"], message.id);
    await until(async () => {
      const log = (await call(app, "admin", "GET", `/api/v1/notification-rules/${ruleId}/deliveries`)).json();
      return log.items.some((e: { outcome: string }) => e.outcome === "delivered");
    });
  });

  test("a project-scoped key's rule keeps its scope; it and its rules stay invisible to each other's scope", async () => {
    const created = await call(app, "team-admin", "POST", "/api/v1/notification-rules", {
      name: "team web",
      events: ["finding.new", "upload.rejected"],
      filter: { projects: ["*"] },
      destination: { type: "webhook", url: receiver.url, secret: "0123456789abcdef-team" },
    });
    assert.equal(created.statusCode, 201, created.body);
    const rule = created.json();
    assert.deepEqual(rule.scope, ["web/*"]);
    assert.equal(rule.generatedSecret, undefined);
    assert.equal(
      (await call(app, "team-admin", "GET", `/api/v1/notification-rules/${ruleId}`)).statusCode,
      404,
    );
    const listed = (await call(app, "team-admin", "GET", "/api/v1/notification-rules")).json();
    assert.deepEqual(
      listed.items.map((r: { id: string }) => r.id),
      [rule.id],
    );
    assert.equal((await call(app, "admin", "GET", `/api/v1/notification-rules/${rule.id}`)).statusCode, 200);
    // An upload outside web/* reaches the unscoped rule, never the scoped one.
    const before = receiver.requests.length;
    const up = await call(app, "ci", "POST", "/api/v1/projects/payments%2Fapi/uploads", JSON.parse(frontend));
    assert.equal(up.statusCode, 201);
    await receiver.waitFor(before + 1, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    const got = receiver.requests.slice(before).map((r) => JSON.parse(r.body));
    assert.deepEqual(
      got.map((m) => [m.rule.id, m.subject.project.name]),
      [[ruleId, "payments/api"]],
    );
    assert.equal(
      (await call(app, "team-admin", "DELETE", `/api/v1/notification-rules/${rule.id}`)).statusCode,
      204,
    );
  });

  test("a destination that answers 410 is paused and reported; PATCH resumes it and the message goes out", async () => {
    receiver.answer = (_request, res) => {
      res.writeHead(410);
      res.end();
    };
    const before = receiver.requests.length;
    const up = await call(app, "ci", "POST", "/api/v1/projects/web%2Fother/uploads", JSON.parse(frontend));
    assert.equal(up.statusCode, 201);
    await until(async () => {
      const rule = (await call(app, "admin", "GET", `/api/v1/notification-rules/${ruleId}`)).json();
      return rule.state.status === "paused";
    });
    const paused = (await call(app, "admin", "GET", `/api/v1/notification-rules/${ruleId}`)).json();
    assert.match(paused.state.reason, /410/);
    assert.equal(paused.queued, 1, "the message waits at the head of the queue");
    receiver.answer = (_request, res) => {
      res.writeHead(204);
      res.end();
    };
    const resumed = await call(app, "admin", "PATCH", `/api/v1/notification-rules/${ruleId}`, {
      status: "active",
    });
    assert.equal(resumed.statusCode, 200, resumed.body);
    assert.equal(resumed.json().state.status, "active");
    await until(async () => {
      const rule = (await call(app, "admin", "GET", `/api/v1/notification-rules/${ruleId}`)).json();
      return rule.queued === 0;
    });
    const sent = receiver.requests.slice(before).map((r) => r.headers["x-bulwark-event-id"]);
    assert.equal(new Set(sent).size, 1, "the same message, retried with its stable id");
    const log = (
      await call(app, "admin", "GET", `/api/v1/notification-rules/${ruleId}/deliveries?limit=2`)
    ).json();
    assert.deepEqual(
      log.items.map((e: { outcome: string }) => e.outcome),
      ["delivered", "paused"],
    );
  });

  test("a refused upload is an upload.rejected event: the project's rule hears why", async () => {
    const created = await call(app, "admin", "POST", "/api/v1/notification-rules", {
      name: "broken uploads",
      events: ["upload.rejected"],
      filter: { projects: ["web/*"] },
      destination: { type: "webhook", url: receiver.url, secret: "0123456789abcdef-rejected" },
    });
    assert.equal(created.statusCode, 201, created.body);
    const before = receiver.requests.length;
    const refused = await app.inject({
      method: "POST",
      url: "/api/v1/projects/web%2Ffrontend/uploads?version=main",
      headers: { authorization: `Bearer ${keys.ci}`, "content-type": "application/json" },
      payload: '{"this is": "not an SBOM"}',
    });
    assert.equal(refused.statusCode, 400);
    await receiver.waitFor(before + 1, 10_000);
    const message = JSON.parse(receiver.requests[before]!.body);
    assert.equal(message.type, "upload.rejected");
    assert.equal(message.rule.id, created.json().id);
    assert.equal(message.subject.project.name, "web/frontend");
    assert.equal(message.subject.reason, refused.json().detail);
    // Too large (413) is a rejection too; the other server instance's event reaches this one's notifier.
    const large = await strict.inject({
      method: "POST",
      url: "/api/v1/projects/web%2Ffrontend/uploads",
      headers: { authorization: `Bearer ${keys.ci}`, "content-type": "application/json" },
      payload: frontend,
    });
    assert.equal(large.statusCode, 413);
    await receiver.waitFor(before + 2, 10_000);
    const tooLarge = JSON.parse(receiver.requests[before + 1]!.body);
    assert.equal(tooLarge.type, "upload.rejected");
    assert.equal(tooLarge.subject.reason, large.json().detail);
    // A key without the right to upload there causes no event.
    const forbidden = await app.inject({
      method: "POST",
      url: "/api/v1/projects/web%2Ffrontend/uploads",
      headers: { authorization: `Bearer ${keys.auditor}`, "content-type": "application/json" },
      payload: "{}",
    });
    assert.equal(forbidden.statusCode, 403);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(receiver.requests.length, before + 2);
    assert.equal(
      (await call(app, "admin", "DELETE", `/api/v1/notification-rules/${created.json().id}`)).statusCode,
      204,
    );
  });

  test("deleting a rule: 204, audited, then 404", async () => {
    assert.equal(
      (await call(app, "admin", "DELETE", `/api/v1/notification-rules/${ruleId}`)).statusCode,
      204,
    );
    assert.equal((await call(app, "admin", "GET", `/api/v1/notification-rules/${ruleId}`)).statusCode, 404);
    assert.equal(
      (await call(app, "admin", "DELETE", `/api/v1/notification-rules/${ruleId}`)).statusCode,
      404,
    );
    const audit = (await call(app, "admin", "GET", "/api/v1/audit?action=notification-rule.delete")).json();
    assert.equal(audit.items[0].target, ruleId);
  });
});
