import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type BulwarkError, hasCode } from "../model/errors.js";
import type { OutboundPolicy, Resolver } from "../net/index.js";
import { destinationChecker } from "./destinations.js";
import { describeRule, prepareRule } from "./rules.js";

const AT = "2025-03-01T10:00:00.000Z";
const publicDns: Resolver = async () => [{ address: "93.184.215.14", family: 4 }];

function context(policy: OutboundPolicy = {}, resolver: Resolver = publicDns, mail = true) {
  return {
    scope: ["team-a/*"],
    createdBy: "team-a-admin",
    at: AT,
    checkDestination: destinationChecker({ policy, resolver, mail }),
  };
}

function webhook(url: string, extra: Record<string, unknown> = {}) {
  return {
    name: "hook",
    events: ["finding.new"],
    destination: { type: "webhook", url, secret: "0123456789abcdef0123", ...extra },
  };
}

async function refusal(input: unknown, ctx = context()): Promise<BulwarkError> {
  let caught: unknown;
  await prepareRule(input, ctx).catch((e) => {
    caught = e;
  });
  assert.ok(caught, "refused");
  return caught as BulwarkError;
}

describe("destinations are checked against the outbound policy when a rule is made", () => {
  const cases: [string, string, RegExp][] = [
    ["loopback IPv4", "https://127.0.0.1/hook", /127\.0\.0\.1 is a loopback address/],
    ["loopback IPv6", "https://[::1]/hook", /::1 is a loopback address/],
    [
      "cloud metadata",
      "https://169.254.169.254/latest/meta-data/",
      /169\.254\.169\.254 is a link-local address/,
    ],
    ["a private range", "https://10.20.30.40/hook", /10\.20\.30\.40 is a private address/],
    ["another private range", "https://192.168.1.10:8443/hook", /192\.168\.1\.10 is a private address/],
    ["IPv4-mapped IPv6 loopback", "https://[::ffff:127.0.0.1]/hook", /loopback/],
    ["localhost by name", "https://localhost/hook", /localhost is a loopback name/],
  ];
  for (const [what, url, reason] of cases) {
    test(`refused: ${what} (${url})`, async () => {
      const error = await refusal(webhook(url));
      assert.equal(error.code, "NETWORK_REFUSED");
      assert.match(error.message, reason);
    });
  }

  test("refused: a host name whose DNS answer is private, even among public answers", async () => {
    const rebinding: Resolver = async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "172.16.5.4", family: 4 },
    ];
    const error = await refusal(webhook("https://hooks.example.org/bulwark"), context({}, rebinding));
    assert.equal(error.code, "NETWORK_REFUSED");
    assert.match(error.message, /hooks\.example\.org resolves to 172\.16\.5\.4, a private address/);
    const slack = await refusal(
      {
        name: "s",
        events: ["finding.new"],
        destination: { type: "slack", url: "https://hooks.example.org/services/T/B/x" },
      },
      context({}, async () => [{ address: "fd00::1", family: 6 }]),
    );
    assert.match(slack.message, /resolves to fd00::1, a unique-local address/);
  });

  test("refused: plain http unless the policy allows it", async () => {
    const error = await refusal(webhook("http://hooks.example.org/bulwark"));
    assert.equal(error.code, "NETWORK_REFUSED");
    assert.match(error.message, /the scheme "http" is not allowed/);
  });

  test("accepted with private destinations allowed (--allow-private-destinations), DNS answers included", async () => {
    const local: OutboundPolicy = { allowPrivate: true, allowHttp: true };
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "https://[::1]/hook",
      "https://169.254.169.254/",
      "https://10.0.0.1/",
    ]) {
      const { rule } = await prepareRule(webhook(url), context(local));
      assert.equal(rule.destination.type === "webhook" && rule.destination.url, new URL(url).href);
    }
    const privateDns: Resolver = async () => [{ address: "192.168.0.5", family: 4 }];
    await prepareRule(webhook("https://hooks.internal.example/x"), context(local, privateDns));
  });

  test("a host that does not resolve is a USAGE error naming the field", async () => {
    const error = await refusal(
      webhook("https://no-such-host.example/x"),
      context({}, async () => {
        throw new Error("getaddrinfo ENOTFOUND no-such-host.example");
      }),
    );
    assert.equal(error.code, "USAGE");
    assert.equal(error.details.field, "destination.url");
    assert.match(error.message, /ENOTFOUND/);
  });

  test("an e-mail destination needs an SMTP relay", async () => {
    const input = {
      name: "m",
      events: ["sla.breach"],
      destination: { type: "email", to: "sec@example.org" },
    };
    const error = await refusal(input, context({}, publicDns, false));
    assert.equal(error.code, "USAGE");
    const { rule } = await prepareRule(input, context());
    assert.deepEqual(rule.destination, { type: "email", to: ["sec@example.org"] });
  });
});

describe("rule validation", () => {
  test("a valid rule is normalised, scoped to the creating key and stamped", async () => {
    const { rule, generatedSecret } = await prepareRule(
      {
        name: "  Team A criticals ",
        events: ["finding.new", "incident.opened", "finding.new"],
        filter: {
          projects: ["team-a/payments-*"],
          tags: ["internet-facing"],
          minSeverity: "high",
          kevOnly: false,
        },
        destination: {
          type: "webhook",
          url: "https://hooks.example.org/a?token=x",
          secret: "0123456789abcdef0123",
        },
        delivery: "daily",
      },
      context(),
    );
    assert.equal(generatedSecret, undefined);
    assert.deepEqual(rule, {
      name: "Team A criticals",
      events: ["finding.new", "incident.opened"],
      filter: {
        projects: ["team-a/payments-*"],
        tags: ["internet-facing"],
        minSeverity: "high",
        kevOnly: false,
      },
      destination: {
        type: "webhook",
        url: "https://hooks.example.org/a?token=x",
        secret: "0123456789abcdef0123",
      },
      delivery: "daily",
      scope: ["team-a/*"],
      createdBy: "team-a-admin",
      createdAt: AT,
    });
    assert.deepEqual(describeRule({ ...rule, id: "7" }).destination, {
      type: "webhook",
      url: "https://hooks.example.org/a?…",
    });
  });

  test("a webhook without a secret gets a generated one, shown once", async () => {
    const { rule, generatedSecret } = await prepareRule(
      {
        name: "h",
        events: ["finding.new"],
        destination: { type: "webhook", url: "https://hooks.example.org/x" },
      },
      context(),
    );
    assert.ok(generatedSecret && generatedSecret.length >= 40);
    assert.equal(rule.destination.type === "webhook" && rule.destination.secret, generatedSecret);
    assert.ok(!JSON.stringify(describeRule({ ...rule, id: "1" })).includes(generatedSecret));
  });

  test("Slack and Teams URLs are credentials: never shown whole", async () => {
    const { rule } = await prepareRule(
      {
        name: "s",
        events: ["finding.new"],
        destination: { type: "slack", url: "https://hooks.slack.com/services/T000/B000/XXXXSECRET" },
      },
      context(),
    );
    assert.deepEqual(describeRule({ ...rule, id: "1" }).destination, {
      type: "slack",
      url: "https://hooks.slack.com/…",
    });
  });

  const invalid: [string, unknown, string][] = [
    [
      "no events",
      { name: "x", events: [], destination: { type: "slack", url: "https://a.example/x" } },
      "events",
    ],
    [
      "an unknown event",
      {
        name: "x",
        events: ["finding.new", "finding.old"],
        destination: { type: "slack", url: "https://a.example/x" },
      },
      "events[1]",
    ],
    [
      "a bad severity",
      {
        name: "x",
        events: ["finding.new"],
        filter: { minSeverity: "severe" },
        destination: { type: "slack", url: "https://a.example/x" },
      },
      "filter.minSeverity",
    ],
    [
      "an unknown filter",
      {
        name: "x",
        events: ["finding.new"],
        filter: { project: ["a"] },
        destination: { type: "slack", url: "https://a.example/x" },
      },
      "filter.project",
    ],
    [
      "an empty pattern",
      {
        name: "x",
        events: ["finding.new"],
        filter: { projects: [""] },
        destination: { type: "slack", url: "https://a.example/x" },
      },
      "filter.projects[0]",
    ],
    [
      "a short secret",
      {
        name: "x",
        events: ["finding.new"],
        destination: { type: "webhook", url: "https://a.example/x", secret: "short" },
      },
      "destination.secret",
    ],
    [
      "a header-injecting address",
      {
        name: "x",
        events: ["finding.new"],
        destination: { type: "email", to: ["a@example.org\r\nBcc: all@example.org"] },
      },
      "destination.to[0]",
    ],
    [
      "not an address",
      { name: "x", events: ["finding.new"], destination: { type: "email", to: ["security team"] } },
      "destination.to[0]",
    ],
    [
      "an unknown destination",
      { name: "x", events: ["finding.new"], destination: { type: "pager", url: "https://a.example/x" } },
      "destination.type",
    ],
    [
      "not a URL",
      { name: "x", events: ["finding.new"], destination: { type: "teams", url: "teams channel" } },
      "destination.url",
    ],
    [
      "a bad delivery",
      {
        name: "x",
        events: ["finding.new"],
        delivery: "hourly",
        destination: { type: "slack", url: "https://a.example/x" },
      },
      "delivery",
    ],
    [
      "a control character in the name",
      {
        name: "x\u0007",
        events: ["finding.new"],
        destination: { type: "slack", url: "https://a.example/x" },
      },
      "name",
    ],
    [
      "an unknown field",
      {
        name: "x",
        events: ["finding.new"],
        destination: { type: "slack", url: "https://a.example/x" },
        owner: "me",
      },
      "owner",
    ],
  ];
  for (const [what, input, field] of invalid) {
    test(`refused with the field named: ${what}`, async () => {
      const error = await refusal(input);
      assert.ok(hasCode(error, "USAGE"), error.message);
      assert.equal(error.details.field, field);
      assert.ok(error.message.includes(field), error.message);
    });
  }
});
