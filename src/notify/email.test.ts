import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, test } from "node:test";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";
import { createHttpClient, type OutboundPolicy, type Resolver } from "../net/index.js";
import { corpusFindings, ManualClock } from "../testing/notify-fixtures.js";
import { destinationChecker } from "./destinations.js";
import type { NotificationPayload } from "./events.js";
import { MemoryEventLog, MemoryNotificationStore } from "./memory-store.js";
import { createNotifier } from "./notifier.js";
import { prepareRule } from "./rules.js";
import { createSmtpSender, type SmtpSettings } from "./smtp.js";

const T0 = Date.parse("2025-03-01T10:00:00.000Z");
type Findings = NonNullable<NotificationPayload["findings"]>;

/** What the local SMTP server received. */
interface Received {
  from: string;
  to: string[];
  raw: string;
}

let findings: Findings;
let server: SMTPServer;
let port: number;
const received: Received[] = [];
/** The reply to the next DATA command: undefined accepts. */
let dataReply: (() => Error | undefined) | undefined;

before(async () => {
  findings = await corpusFindings();
  server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "bulwark" && auth.password === "right") callback(null, { user: auth.username });
      else callback(Object.assign(new Error("Authentication credentials invalid"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("nobody@"))
        callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      else callback();
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const error = dataReply?.();
        if (error) return callback(error);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  port = (server.server.address() as AddressInfo).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
  dataReply = undefined;
});

function header(raw: string, name: string): string | undefined {
  const unfolded = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  return new RegExp(`^${name}: (.*)$`, "im").exec(unfolded)?.[1];
}

async function harness(
  settings: Partial<SmtpSettings>,
  policy: OutboundPolicy,
  resolver?: Resolver,
  to = ["security@example.org"],
) {
  const store = new MemoryNotificationStore();
  const events = new MemoryEventLog();
  const clock = new ManualClock(T0);
  const mail = createSmtpSender(
    { host: "127.0.0.1", port, from: "Bulwark <bulwark@example.org>", timeoutMs: 5000, ...settings },
    { policy, resolver },
  );
  const { rule } = await prepareRule(
    { name: "mail", events: ["finding.new"], destination: { type: "email", to } },
    {
      scope: [],
      at: new Date(T0 - 1000).toISOString(),
      checkDestination: destinationChecker({ policy, mail: true }),
    },
  );
  await store.addRule(rule);
  const notifier = createNotifier({
    store,
    events,
    clock,
    http: createHttpClient({ policy }),
    mail,
    random: () => 0.5,
  });
  events.append([
    {
      type: "finding.new",
      occurredAt: new Date(T0).toISOString(),
      payload: { project: { name: "payments/api", tags: [] }, findings: findings.slice(0, 12) },
    },
  ]);
  const cycle = async () => {
    await notifier.tick();
    await notifier.drain();
  };
  return { store, clock, cycle };
}

describe("e-mail through a local SMTP server", () => {
  test("one message per event, with a stable Message-ID, a text and an HTML part", async () => {
    const h = await harness({}, { allowPrivate: true });
    await h.cycle();
    assert.equal(received.length, 1);
    const [mail] = received;
    assert.equal(mail!.from, "bulwark@example.org");
    assert.deepEqual(mail!.to, ["security@example.org"]);
    assert.equal(header(mail!.raw, "Subject"), "[Bulwark] 12 new vulnerabilities in payments/api");
    assert.equal(header(mail!.raw, "Message-ID"), "<evt-1.1@bulwark.notifications>");
    assert.equal(header(mail!.raw, "X-Bulwark-Event-Id"), "evt-1");
    assert.match(mail!.raw, /Content-Type: text\/plain/);
    assert.match(mail!.raw, /Content-Type: text\/html/);
    assert.ok(mail!.raw.includes(findings[0]!.id));
    const [entry] = (await h.store.deliveryLog("1")).items;
    assert.deepEqual([entry!.outcome, entry!.status], ["delivered", 250]);
  });

  test("a temporary refusal (451) is retried, and the resent message has the same Message-ID", async () => {
    const h = await harness({}, { allowPrivate: true });
    let refusals = 1;
    dataReply = () =>
      refusals-- > 0 ? Object.assign(new Error("Try again later"), { responseCode: 451 }) : undefined;
    await h.cycle();
    const [first] = (await h.store.deliveryLog("1")).items;
    assert.deepEqual([first!.outcome, first!.status], ["retrying", 451]);
    h.clock.advance(5000);
    await h.cycle();
    assert.equal(received.length, 1);
    assert.equal(header(received[0]!.raw, "Message-ID"), "<evt-1.1@bulwark.notifications>");
  });

  test("a refused mailbox (550) drops the message; failed authentication (535) pauses the destination", async () => {
    const refused = await harness({}, { allowPrivate: true }, undefined, ["nobody@example.org"]);
    await refused.cycle();
    const [entry] = (await refused.store.deliveryLog("1")).items;
    assert.deepEqual([entry!.outcome, entry!.status], ["rejected", 550]);
    assert.equal((await refused.store.destinationState("1")).status, "active");

    const badAuth = await harness({ auth: { user: "bulwark", pass: "wrong" } }, { allowPrivate: true });
    await badAuth.cycle();
    const state = await badAuth.store.destinationState("1");
    assert.equal(state.status, "paused");
    assert.match(state.reason!, /535/);
    assert.equal(received.length, 0);
  });

  test("a relay on a loopback address is refused unless private destinations are allowed", async () => {
    const h = await harness({}, {});
    await h.cycle();
    assert.equal(received.length, 0);
    const state = await h.store.destinationState("1");
    assert.equal(state.status, "paused");
    assert.match(state.reason!, /127\.0\.0\.1 is a loopback address/);
  });

  test("a relay name is resolved once and checked: a private answer is refused; allowed, the checked address is used", async () => {
    const dns: Resolver = async (name) => {
      assert.equal(name, "mail.example.test");
      return [{ address: "127.0.0.1", family: 4 }];
    };
    const refused = await harness({ host: "mail.example.test" }, {}, dns);
    await refused.cycle();
    assert.match(
      (await refused.store.destinationState("1")).reason!,
      /mail\.example\.test resolves to 127\.0\.0\.1/,
    );
    assert.equal(received.length, 0);
    // mail.example.test exists in no real DNS: delivery proves nodemailer connected to the checked address.
    const allowed = await harness({ host: "mail.example.test" }, { allowPrivate: true }, dns);
    await allowed.cycle();
    assert.equal(received.length, 1);
  });
});
