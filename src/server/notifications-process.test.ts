import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";
import { webhookSignatureProblem } from "../notify/signature.js";
import { corpusPath } from "../testing/corpus.js";
import { type ReceivedRequest, type Receiver, startReceiver } from "../testing/notify-fixtures.js";
import { truncateAllTables, usePostgresTestDatabase } from "../testing/postgres.js";
import { bulwark, type ServerProcess, startServerProcess } from "../testing/server-process.js";

// Notifications proven on `bulwark serve` as a real process (needs `npm run build`), on both stores: a local
// webhook receiver verifies signatures; deliveries are retried after the receiver was down, arrive in order
// with stable ids, and survive SIGKILL while pending; a local SMTP server receives e-mail; and without
// --allow-private-destinations a loopback destination is refused.

const tmp = mkdtempSync(join(tmpdir(), "bulwark-notify-e2e-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const postgres = usePostgresTestDatabase();
const SECRET = "e2e-secret-0123456789abcdef";
let inventoryFile: string;
let receiver: Receiver;
let smtp: SMTPServer;
let smtpPort: number;
const mails: { to: string[]; raw: string }[] = [];

before(async () => {
  inventoryFile = join(tmp, "frontend.inventory.json");
  const inv = bulwark([
    "inventory",
    corpusPath("projects", "dependency-track-frontend"),
    "--format",
    "json",
    "-o",
    inventoryFile,
  ]);
  assert.equal(inv.code, 0, inv.stderr);
  receiver = await startReceiver();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
after(async () => {
  await receiver?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const messagesOf = (requests: readonly ReceivedRequest[], type = "finding.new") =>
  requests
    .filter((r) => r.headers["x-bulwark-event"] === type)
    .map((r) => ({ request: r, body: JSON.parse(r.body) }));

for (const kind of ["SQLite", "PostgreSQL"] as const) {
  describe(`notifications of bulwark serve on ${kind}`, () => {
    let flags: string[];
    let key: string;
    let server: ServerProcess;
    let ruleId: string;
    before(async () => {
      const data = mkdtempSync(join(tmp, "data-"));
      if (kind === "PostgreSQL") await truncateAllTables(postgres.url).catch(() => {});
      flags = ["--data", data, ...(kind === "PostgreSQL" ? ["--database", postgres.url] : [])];
      assert.equal(bulwark(["db", "import", corpusPath("osv"), "--db", join(data, "advisories.db")]).code, 0);
      const created = bulwark(["server", "key", "create", "--role", "admin", "--name", "e2e", ...flags]);
      assert.equal(created.code, 0, created.stderr);
      key = created.stdout.trim();
      server = await startServerProcess([
        ...flags,
        "--allow-private-destinations",
        "--smtp",
        `smtp://127.0.0.1:${smtpPort}`,
        "--mail-from",
        "Bulwark <bulwark@example.org>",
      ]);
      receiver.requests.length = 0;
      receiver.answer = (_r, res) => {
        res.writeHead(200);
        res.end("ok");
      };
    });
    after(async () => {
      await server?.stop("SIGKILL");
    });

    const api = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
      });
      const text = await r.text();
      // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, checked field by field below
      return { status: r.status, body: (text ? JSON.parse(text) : undefined) as any };
    };
    const upload = (project: string) =>
      api(
        "POST",
        `/api/v1/projects/${encodeURIComponent(project)}/uploads`,
        readFileSync(inventoryFile, "utf8"),
      );

    test("an upload reaches the webhook once, signed; and the e-mail rule's relay", async () => {
      const rule = await api("POST", "/api/v1/notification-rules", {
        name: "all new findings",
        events: ["finding.new"],
        destination: { type: "webhook", url: receiver.url, secret: SECRET },
      });
      assert.equal(rule.status, 201, JSON.stringify(rule.body));
      ruleId = rule.body.id;
      const mailRule = await api("POST", "/api/v1/notification-rules", {
        name: "mail",
        events: ["finding.new"],
        filter: { projects: ["mail/*"], minSeverity: "high" },
        destination: { type: "email", to: ["security@example.org"] },
      });
      assert.equal(mailRule.status, 201, JSON.stringify(mailRule.body));
      const up = await upload("web/one");
      assert.equal(up.status, 201, JSON.stringify(up.body));
      await receiver.waitFor(1, 15_000);
      const [first] = messagesOf(receiver.requests);
      assert.ok(first);
      const headers = first.request.headers;
      assert.equal(
        webhookSignatureProblem({
          secret: SECRET,
          body: first.request.body,
          timestamp: headers["x-bulwark-timestamp"] as string,
          signature: headers["x-bulwark-signature"] as string,
          nowMs: Date.now(),
        }),
        undefined,
      );
      assert.equal(first.body.subject.findings.length, up.body.findings.new);
      const mailed = mails.length;
      assert.equal((await upload("mail/two")).status, 201);
      await until("the e-mail", () => mails.length > mailed);
      assert.deepEqual(mails[mailed]!.to, ["security@example.org"]);
      assert.match(mails[mailed]!.raw, /Subject: \[Bulwark\]/);
      assert.match(mails[mailed]!.raw, /mail\/two/);
      // Clean up the e-mail rule so that later uploads do not mail.
      assert.equal((await api("DELETE", `/api/v1/notification-rules/${mailRule.body.id}`)).status, 204);
    });

    test("the receiver down: retried with the same event id until it is back; order kept", async () => {
      await receiver.stop();
      const before = receiver.requests.length;
      for (const project of ["order/a", "order/b", "order/c"])
        assert.equal((await upload(project)).status, 201);
      await until("a failed attempt in the log", async () => {
        const log = await api("GET", `/api/v1/notification-rules/${ruleId}/deliveries`);
        return log.body.items.some((e: { outcome: string }) => e.outcome === "retrying");
      });
      await receiver.start();
      await until(
        "three messages after the retry",
        () =>
          messagesOf(receiver.requests.slice(before)).filter((m) =>
            m.body.subject.project.name.startsWith("order/"),
          ).length >= 3,
      );
      const got = messagesOf(receiver.requests.slice(before))
        .map((m) => m.body)
        .filter((m) => m.subject.project.name.startsWith("order/"));
      const ids = [...new Set(got.map((m) => m.id))];
      assert.deepEqual(
        [...new Set(got.map((m) => m.subject.project.name))],
        ["order/a", "order/b", "order/c"],
        "in event order",
      );
      const sequence = ids.map((id) => Number(id.replace("evt-", "")));
      assert.deepEqual(
        [...sequence].sort((a, b) => a - b),
        sequence,
      );
      const log = await api("GET", `/api/v1/notification-rules/${ruleId}/deliveries?limit=100`);
      const first = log.body.items.filter((e: { messageId: string }) => e.messageId === ids[0]);
      assert.ok(first.some((e: { outcome: string }) => e.outcome === "retrying"));
      assert.ok(first.some((e: { outcome: string }) => e.outcome === "delivered"));
    });

    test("SIGKILL while a delivery is pending: after restart it is delivered, nothing lost", async () => {
      await receiver.stop();
      const before = receiver.requests.length;
      assert.equal((await upload("crash/pending")).status, 201);
      await until("the pending delivery's failed attempt", async () => {
        const rule = await api("GET", `/api/v1/notification-rules/${ruleId}`);
        const log = await api("GET", `/api/v1/notification-rules/${ruleId}/deliveries?limit=1`);
        return rule.body.queued >= 1 && log.body.items[0]?.outcome === "retrying";
      });
      await server.stop("SIGKILL");
      await receiver.start();
      server = await startServerProcess([...flags, "--allow-private-destinations"]);
      await until("the delivery after restart", () =>
        messagesOf(receiver.requests.slice(before)).some(
          (m) => m.body.subject.project.name === "crash/pending",
        ),
      );
      await until(
        "an empty queue",
        async () => (await api("GET", `/api/v1/notification-rules/${ruleId}`)).body.queued === 0,
      );
    });

    test("without --allow-private-destinations: loopback refused at creation, and at delivery (paused)", async () => {
      await server.stop("SIGTERM");
      server = await startServerProcess(flags);
      const refused = await api("POST", "/api/v1/notification-rules", {
        name: "loopback",
        events: ["finding.new"],
        destination: { type: "webhook", url: "https://127.0.0.1:9/hook", secret: SECRET },
      });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.code, "NETWORK_REFUSED");
      // The rule made while private destinations were allowed is refused when it is used.
      const before = receiver.requests.length;
      assert.equal((await upload("web/refused")).status, 201);
      await until(
        "the pause",
        async () => (await api("GET", `/api/v1/notification-rules/${ruleId}`)).body.state.status === "paused",
      );
      assert.equal(receiver.requests.length, before, "not a byte sent");
      const rule = await api("GET", `/api/v1/notification-rules/${ruleId}`);
      assert.match(rule.body.state.reason, /private|loopback|http|refus/i);
    });
  });
}
