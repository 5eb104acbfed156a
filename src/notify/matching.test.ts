import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { corpusFindings, kevFindings } from "../testing/notify-fixtures.js";
import { type NotificationEvent, type NotificationPayload, readOutboxEvent } from "./events.js";
import { applyRule, severityAtLeast } from "./matching.js";
import type { NotificationRule, RuleFilter } from "./rules.js";

type Findings = NonNullable<NotificationPayload["findings"]>;
const AT = "2025-03-01T10:00:00.000Z";
let findings: Findings;
let kev: Findings;

before(async () => {
  findings = await corpusFindings();
  kev = await kevFindings();
});

function rule(filter: Partial<RuleFilter> = {}, extra: Partial<NotificationRule> = {}): NotificationRule {
  return {
    id: "1",
    name: "r",
    events: [
      "finding.new",
      "advisory.affects-portfolio",
      "incident.opened",
      "upload.rejected",
      "policy.violation",
    ],
    filter: { projects: [], tags: [], kevOnly: false, ...filter },
    destination: { type: "slack", url: "https://hooks.example.org/x" },
    delivery: "immediate",
    scope: [],
    createdAt: "2025-03-01T00:00:00.000Z",
    ...extra,
  };
}

async function event(type: string, payload: unknown, occurredAt = AT): Promise<NotificationEvent> {
  const { event } = await readOutboxEvent({ id: 7, type, occurredAt, payload }, { now: AT });
  return event!;
}

const ids = (e: NotificationEvent | undefined) => e?.findings.map((f) => f.id);

describe("reading outbox events", () => {
  test("a scan's Finding objects are read as they are (severity object, fixed versions, aliases)", async () => {
    const e = await event("finding.new", {
      project: { name: "payments/api", tags: ["pci"] },
      findings: [
        {
          id: "GHSA-qwcr-r2fm-qrc7",
          aliases: ["CVE-2024-45590"],
          summary: "body-parser vulnerable to denial of service when url encoding is enabled",
          severity: { rating: "high", score: 7.5, type: "CVSS_V3" },
          package: {
            ecosystem: "npm",
            name: "body-parser",
            version: "1.20.1",
            purl: "pkg:npm/body-parser@1.20.1",
          },
          fixed: ["1.20.3"],
          paths: [],
          locations: [],
        },
      ],
    });
    assert.deepEqual(e.findings, [
      {
        id: "GHSA-qwcr-r2fm-qrc7",
        aliases: ["CVE-2024-45590"],
        summary: "body-parser vulnerable to denial of service when url encoding is enabled",
        severity: "high",
        score: 7.5,
        kev: false,
        package: {
          ecosystem: "npm",
          name: "body-parser",
          version: "1.20.1",
          purl: "pkg:npm/body-parser@1.20.1",
        },
        fixed: ["1.20.3"],
      },
    ]);
    assert.deepEqual(e.project, { name: "payments/api", tags: ["pci"] });
    assert.equal(e.id, "evt-7");
  });

  test("types notifications do not handle are not events for them", async () => {
    const read = await readOutboxEvent(
      { id: 1, type: "upload.accepted", occurredAt: AT, payload: {} },
      { now: AT },
    );
    assert.deepEqual(read, { problems: [] });
  });

  test("the project of an event that names only its id is looked up", async () => {
    const read = await readOutboxEvent(
      { id: 1, type: "upload.rejected", occurredAt: AT, projectId: 42, payload: { reason: "not an SBOM" } },
      { now: AT, lookup: async (id) => (id === 42 ? { name: "team-a/web", tags: [] } : undefined) },
    );
    assert.deepEqual(read.event?.project, { name: "team-a/web", tags: [] });
    assert.equal(read.event?.reason, "not an SBOM");
  });

  test("hostile payloads are clipped, not trusted: huge text, thousands of items, wrong types", async () => {
    const huge = "A".repeat(100_000);
    const read = await readOutboxEvent(
      {
        id: 1,
        type: "finding.new",
        occurredAt: AT,
        payload: {
          project: { name: huge, tags: "not-a-list" },
          findings: Array.from({ length: 6000 }, () => ({ ...findings[0], summary: huge })),
          incident: { id: 5 },
        },
      },
      { now: AT },
    );
    assert.equal(read.event!.project!.name.length, 300);
    assert.deepEqual(read.event!.project!.tags, []);
    assert.equal(read.event!.findings.length, 5000);
    assert.equal(read.event!.findings[0]!.summary!.length, 2000);
    assert.deepEqual(read.problems, [
      "findings: 6000 items, only the first 5000 kept",
      "incident: needs an id and a title",
    ]);
  });
});

describe("applying a rule to an event", () => {
  test("the event type must be one the rule subscribes to", async () => {
    const e = await event("finding.fixed", { project: { name: "a" }, findings: findings.slice(0, 2) });
    assert.equal(applyRule(rule(), e), undefined);
  });

  test("events from before the rule was made are not sent by it", async () => {
    const e = await event(
      "finding.new",
      { project: { name: "a" }, findings: findings.slice(0, 2) },
      "2025-02-28T23:59:59.999Z",
    );
    assert.equal(applyRule(rule(), e), undefined);
  });

  test("minimum severity keeps the findings at or above it; nothing left means no message", async () => {
    const e = await event("finding.new", { project: { name: "a" }, findings: findings.slice(0, 40) });
    const high = applyRule(rule({ minSeverity: "high" }), e);
    assert.ok(high!.findings.length > 0 && high!.findings.length < 40);
    assert.ok(high!.findings.every((f) => f.severity === "high" || f.severity === "critical"));
    assert.deepEqual(
      ids(high),
      e.findings.filter((f) => f.severity === "high" || f.severity === "critical").map((f) => f.id),
    );
    const low = e.findings.filter((f) => f.severity === "low");
    assert.ok(low.length > 0, "the corpus slice has low findings");
    const onlyLow = await event("finding.new", {
      project: { name: "a" },
      findings: findings.slice(0, 40).filter((f) => f.severity === "low"),
    });
    assert.equal(applyRule(rule({ minSeverity: "medium" }), onlyLow), undefined);
  });

  test("'unknown' severity ranks below low", () => {
    assert.equal(severityAtLeast("unknown", "low"), false);
    assert.equal(severityAtLeast("unknown", "unknown"), true);
    assert.equal(severityAtLeast("critical", "high"), true);
    assert.equal(severityAtLeast("medium", undefined), true);
  });

  test("KEV only keeps the KEV-listed findings", async () => {
    const e = await event("finding.new", {
      project: { name: "a" },
      findings: [...findings.slice(0, 10), ...kev],
    });
    assert.deepEqual(
      ids(applyRule(rule({ kevOnly: true }), e)),
      kev.map((f) => f.id),
    );
  });

  test("project patterns and tags choose the projects; a restricted rule ignores events naming none", async () => {
    const e = await event("finding.new", {
      project: { name: "team-a/payments/api", tags: ["pci", "internet-facing"] },
      findings: findings.slice(0, 1),
    });
    assert.ok(applyRule(rule({ projects: ["team-a/*"] }), e));
    assert.ok(applyRule(rule({ projects: ["team-b/*", "*/api"] }), e));
    assert.equal(applyRule(rule({ projects: ["team-a"] }), e), undefined);
    assert.ok(applyRule(rule({ tags: ["internet-facing"] }), e));
    assert.equal(applyRule(rule({ tags: ["internal"] }), e), undefined);
    const noProject = await event("upload.rejected", { reason: "unreadable" });
    assert.ok(applyRule(rule(), noProject));
    assert.equal(applyRule(rule({ tags: ["pci"] }), noProject), undefined);
    assert.equal(applyRule(rule({}, { scope: ["team-a/*"] }), noProject), undefined);
  });

  test("the creating key's scope wins over the rule's own patterns", async () => {
    const e = await event("finding.new", {
      project: { name: "team-b/api", tags: [] },
      findings: findings.slice(0, 1),
    });
    assert.equal(applyRule(rule({ projects: ["*"] }, { scope: ["team-a/*"] }), e), undefined);
    assert.ok(applyRule(rule({ projects: ["*"] }, { scope: ["team-a/*", "team-b/*"] }), e));
  });

  test("an event spanning projects keeps only the items of visible projects", async () => {
    const e = await event("advisory.affects-portfolio", {
      advisory: { id: kev[0]!.id, kev: true, severity: "critical" },
      findings: [
        { ...kev[0]!, project: { name: "team-a/api", tags: [] } },
        { ...kev[0]!, project: { name: "team-b/api", tags: [] } },
      ],
    });
    const seen = applyRule(rule({}, { scope: ["team-a/*"] }), e);
    assert.deepEqual(
      seen?.findings.map((f) => f.project?.name),
      ["team-a/api"],
    );
    assert.equal(applyRule(rule({}, { scope: ["team-c/*"] }), e), undefined);
  });

  test("an incident is judged by its vulnerability; an event about none passes severity and KEV filters", async () => {
    const incident = await event("incident.opened", {
      project: { name: "a" },
      incident: {
        id: "12",
        title: "Log4Shell",
        vulnerability: "CVE-2021-44228",
        severity: "critical",
        kev: true,
      },
    });
    assert.ok(applyRule(rule({ minSeverity: "high", kevOnly: true }), incident));
    const mild = await event("incident.opened", {
      project: { name: "a" },
      incident: { id: "13", title: "t", severity: "low" },
    });
    assert.equal(applyRule(rule({ minSeverity: "high" }), mild), undefined);
    const rejected = await event("upload.rejected", { project: { name: "a" }, reason: "not an SBOM" });
    assert.ok(applyRule(rule({ minSeverity: "critical", kevOnly: true }), rejected));
    const licence = await event("policy.violation", {
      project: { name: "a" },
      violations: [{ policy: "licences", level: "fail", message: "GPL-3.0-only is denied" }],
    });
    assert.equal(applyRule(rule({ minSeverity: "critical" }), licence)?.violations.length, 1);
  });
});
