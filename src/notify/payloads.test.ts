import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { corpusFindings, kevFindings } from "../testing/notify-fixtures.js";
import { emailContent } from "./email-message.js";
import { type NotificationEvent, type NotificationPayload, readOutboxEvent } from "./events.js";
import { contentView, eventView } from "./message-view.js";
import { SLACK_MAX_LINES, slackMessage } from "./slack-payload.js";
import { TEAMS_MAX_LINES, teamsMessage } from "./teams-payload.js";
import { webhookBody } from "./webhook-payload.js";

type Findings = NonNullable<NotificationPayload["findings"]>;
const AT = "2025-03-01T10:00:00.000Z";
let findings: Findings;
let kev: Findings;

// What a hostile advisory (or project name) could try in each medium.
const HOSTILE =
  " <!channel> <!here|here> <@U024BE7LH> <https://evil.example/login|click here> @everyone *bold* _it_ `code` " +
  "[link](https://evil.example) **strong** {{DATE(2017-02-14T06:08:00Z, SHORT)}} <at>Team</at> " +
  "<script>alert(1)</script> <img src=x onerror=alert(1)> & &amp; \u202eevil\u202c \u0007\u001b[31m";

before(async () => {
  findings = await corpusFindings();
  kev = await kevFindings();
});

async function event(type: string, payload: NotificationPayload): Promise<NotificationEvent> {
  const { event } = await readOutboxEvent({ id: 42, type, occurredAt: AT, payload }, { now: AT });
  return event!;
}

/** A copy of real findings whose summaries (and one package name) carry the hostile text. */
function hostile(list: Findings): Findings {
  return list.map((f, i) => ({
    ...f,
    summary: `${f.summary}${HOSTILE}`,
    package: i === 0 ? { ...f.package, name: `${f.package.name}<!channel>` } : f.package,
  }));
}

/** Every string in a JSON value, with the key it is under. */
function strings(value: unknown, key = ""): [string, string][] {
  if (typeof value === "string") return [[key, value]];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v, key));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, k));
  return [];
}

/** Every object in a JSON value. */
function objects(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(objects);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return [o, ...Object.values(o).flatMap(objects)];
  }
  return [];
}

describe("message wording", () => {
  test("titles say what happened, where, and how many", async () => {
    const project = { name: "payments/api", tags: [] };
    assert.equal(
      eventView(await event("finding.new", { project, findings: findings.slice(0, 100) }), 10).title,
      "100 new vulnerabilities in payments/api",
    );
    assert.equal(
      eventView(await event("finding.fixed", { project, findings: findings.slice(0, 1) }), 10).title,
      "1 vulnerability fixed in payments/api",
    );
    const spanning = await event("advisory.affects-portfolio", {
      advisory: { id: kev[0]!.id },
      findings: [
        { ...kev[0]!, project: { name: "a" } },
        { ...kev[0]!, project: { name: "b" } },
        { ...kev[0]!, project: { name: "b" } },
      ],
    });
    assert.equal(eventView(spanning, 10).title, `${kev[0]!.id} affects 2 projects`);
    assert.equal(
      eventView(
        await event("incident.changed", {
          incident: { id: "3", title: "Log4Shell", change: "payments/api is fixing", status: "open" },
        }),
        10,
      ).intro,
      "payments/api is fixing. status open",
    );
    assert.equal(
      eventView(
        await event("upload.rejected", {
          project,
          reason: "not a CycloneDX, SPDX or Bulwark inventory document",
        }),
        10,
      ).title,
      "Upload rejected for payments/api",
    );
  });

  test("a finding line names the advisory, aliases, package, version, summary and fix", async () => {
    const f = findings[0]!;
    const view = eventView(await event("finding.new", { project: { name: "a" }, findings: [f] }), 10);
    const fix = f.fixed!.length > 0 ? `fixed in ${f.fixed!.slice(0, 3).join(", ")}` : "no fix known";
    assert.deepEqual(view.lines, [
      {
        severity: f.severity ?? "unknown",
        kev: false,
        text: `${f.id} (${f.aliases!.slice(0, 2).join(", ")}) in ${f.package.name} ${f.package.version} — ${f.summary} — ${fix}`,
      },
    ]);
    assert.equal(view.footer, `finding.new · evt-42 · ${AT}`);
  });
});

describe("Slack", () => {
  test("Block Kit with plain_text only: advisory text cannot mention, link or format", async () => {
    const e = await event("finding.new", {
      project: { name: "team-a/<!channel>", tags: [] },
      findings: hostile(findings.slice(0, 5)),
    });
    const message = slackMessage(eventView(e, SLACK_MAX_LINES));
    const blocks = message.blocks;
    assert.equal(blocks[0]!.type, "header");
    assert.equal(blocks[blocks.length - 1]!.type, "context");
    const texts = objects(message).filter((o) => o.type === "plain_text" || o.type === "mrkdwn");
    assert.ok(texts.length >= 3);
    assert.ok(
      texts.every((t) => t.type === "plain_text"),
      "no mrkdwn text object",
    );
    for (const [, s] of strings(message)) {
      assert.ok(!/[<>]/.test(s), `no raw < or > reaches Slack: ${s.slice(0, 80)}`);
      assert.ok(!/@(channel|here|everyone)\b/i.test(s), "written-out mass mentions are broken up");
      assert.ok(!/[\u202e\u0007\u001b]/.test(s), "control and bidi characters are replaced");
    }
    const all = JSON.stringify(message);
    assert.ok(all.includes("&lt;!channel&gt;"));
    assert.ok(all.includes("&lt;https://evil.example/login|click here&gt;"));
    assert.ok(all.includes("&amp;amp;"));
    assert.match(message.text, /^5 new vulnerabilities in team-a\/&lt;!channel&gt;$/);
  });

  test("within Block Kit limits, whatever the event holds", async () => {
    const long = hostile(findings.slice(0, 400)).map((f) => ({
      ...f,
      summary: `${"&<>".repeat(600)}${f.summary}`,
    }));
    const e = await event("finding.new", { project: { name: "&".repeat(300), tags: [] }, findings: long });
    const message = slackMessage(eventView(e, SLACK_MAX_LINES));
    assert.ok(message.blocks.length <= 50);
    const header = message.blocks[0]!.text as { text: string };
    assert.ok(header.text.length <= 150);
    assert.ok(!/&[a-z]*…$/.test(header.text.replace(/&(amp|lt|gt);/g, "")), "never cut inside an entity");
    for (const block of message.blocks.filter((b) => b.type === "section"))
      assert.ok((block.text as { text: string }).text.length <= 3000);
    assert.ok(JSON.stringify(message).includes(`and ${400 - SLACK_MAX_LINES} more`));
  });
});

describe("Microsoft Teams", () => {
  test("a message with one Adaptive Card attachment, as Teams workflows take it", async () => {
    const e = await event("finding.new", {
      project: { name: "payments/api", tags: [] },
      findings: [...kev, ...findings.slice(0, 3)],
    });
    const message = teamsMessage(eventView(e, TEAMS_MAX_LINES));
    assert.equal(message.type, "message");
    assert.equal(message.attachments.length, 1);
    const [attachment] = message.attachments;
    assert.equal(attachment!.contentType, "application/vnd.microsoft.card.adaptive");
    assert.equal(attachment!.contentUrl, null);
    const card = attachment!.content as {
      type: string;
      version: string;
      $schema: string;
      body: Record<string, unknown>[];
    };
    assert.equal(card.type, "AdaptiveCard");
    assert.equal(card.version, "1.4");
    assert.equal(card.$schema, "http://adaptivecards.io/schemas/adaptive-card.json");
    // The KEV findings are marked.
    const kevRuns = objects(card).filter((o) => o.type === "TextRun" && o.text === "KEV ");
    assert.equal(kevRuns.length, kev.length);
  });

  test("only TextRuns carry text: no Markdown, no mentions, no date templates from advisory text", async () => {
    const e = await event("finding.new", {
      project: { name: "team-a/**x**", tags: [] },
      findings: hostile(findings.slice(0, 5)),
    });
    const card = teamsMessage(eventView(e, TEAMS_MAX_LINES)).attachments[0]!.content;
    const types = new Set(objects(card).flatMap((o) => (o.type === undefined ? [] : [o.type])));
    assert.deepEqual([...types].sort(), ["AdaptiveCard", "RichTextBlock", "TextRun"]);
    for (const [key, s] of strings(card)) {
      if (key !== "text") continue;
      assert.ok(!s.includes("{{"), "date templates are broken up");
      assert.ok(!/[\u202e\u0007]/.test(s));
    }
    // The hostile text is shown as written, not dropped.
    assert.ok(JSON.stringify(card).includes("[link](https://evil.example)"));
  });

  test("stays far below the 28 KB card limit with hundreds of findings", async () => {
    const e = await event("finding.new", {
      project: { name: "a", tags: [] },
      findings: hostile(findings.slice(0, 400)),
    });
    const size = Buffer.byteLength(JSON.stringify(teamsMessage(eventView(e, TEAMS_MAX_LINES))));
    assert.ok(size < 28_000, `${size} bytes`);
  });
});

describe("e-mail", () => {
  test("subject is one line; HTML escapes everything; text keeps the words", async () => {
    const e = await event("finding.new", {
      project: { name: "team-a/api\r\nBcc: everyone@example.org", tags: [] },
      findings: hostile(findings.slice(0, 3)),
    });
    const mail = emailContent(eventView(e, 500));
    assert.equal(mail.subject, "[Bulwark] 3 new vulnerabilities in team-a/api Bcc: everyone@example.org");
    assert.ok(!/[\r\n]/.test(mail.subject));
    assert.ok(!mail.html.includes("<script"));
    assert.ok(!mail.html.includes("<img"));
    assert.ok(!mail.html.includes("<at>"));
    assert.ok(mail.html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(mail.html.includes("&lt;img src=x onerror=alert(1)&gt;"));
    assert.ok(!/[\u202e\u0007\u001b]/.test(mail.html + mail.text));
    assert.ok(mail.text.includes(findings[1]!.summary!));
  });
});

describe("generic webhook body", () => {
  test("untrusted text is carried verbatim in JSON (receivers are programs)", async () => {
    const list = hostile(findings.slice(0, 2));
    const e = await event("finding.new", { project: { name: "a", tags: [] }, findings: list });
    const body = webhookBody({ id: "3", name: "r" }, { kind: "event", event: e });
    const parsed = JSON.parse(JSON.stringify(body)) as {
      subject: { findings: { summary: string }[] };
      rule: unknown;
    };
    assert.equal(parsed.subject.findings[1]!.summary, list[1]!.summary);
    assert.deepEqual(parsed.rule, { id: "3", name: "r" });
    assert.equal(Object.keys(body).join(","), "id,type,occurredAt,subject,rule");
  });

  test("a digest view lists each event with a few of its findings and says how many more", async () => {
    const events = [
      await event("finding.new", { project: { name: "a", tags: [] }, findings: findings.slice(0, 10) }),
      await event("finding.fixed", { project: { name: "b", tags: [] }, findings: findings.slice(10, 11) }),
    ];
    const view = contentView(
      {
        kind: "digest",
        mode: "daily",
        from: "2025-03-01T08:00:00.000Z",
        to: "2025-03-02T08:00:00.000Z",
        part: 1,
        parts: 1,
        events,
      },
      50,
    );
    assert.equal(view.title, "Bulwark daily digest: 2 events");
    assert.deepEqual(
      view.lines.map((l) => [l.nested ?? false, l.text.slice(0, 30)]),
      [
        [false, "10 new vulnerabilities in a"],
        [true, view.lines[1]!.text.slice(0, 30)],
        [true, view.lines[2]!.text.slice(0, 30)],
        [true, view.lines[3]!.text.slice(0, 30)],
        [true, "and 7 more"],
        [false, "1 vulnerability fixed in b"],
        [true, view.lines[6]!.text.slice(0, 30)],
      ],
    );
  });
});
