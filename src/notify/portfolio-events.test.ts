import assert from "node:assert/strict";
import { test } from "node:test";
import { formatPurl } from "../purl/index.js";
import { corpusFindings } from "../testing/notify-fixtures.js";
import { readOutboxEvent } from "./events.js";

// The reconcile step (src/portfolio/apply.ts) writes its finding events in its own shape: the project by name,
// each finding with the store's finding id, the vulnerability id and a purl. The reader takes them as they are.

test("a reconcile-step finding.new event: vulnerability ids, packages from purls, the project's tags by lookup", async () => {
  const corpus = (await corpusFindings()).filter((f) => f.package.ecosystem === "npm").slice(0, 5);
  const findings = corpus.map((f, i) => ({
    id: 1000 + i,
    vulnerability: f.id,
    aliases: f.aliases,
    purl: formatPurl({ type: "npm", name: f.package.name, version: f.package.version }),
    severity: f.severity ?? "unknown",
    kev: f.kev === true,
  }));
  const { event, problems } = await readOutboxEvent(
    {
      id: 42,
      type: "finding.new",
      occurredAt: "2025-03-01T10:00:00.000Z",
      projectId: 7,
      payload: { project: "web/frontend", version: "main", snapshot: 3, findings },
    },
    {
      now: "2025-03-01T10:00:01.000Z",
      lookup: async (id) => (id === 7 ? { name: "web/frontend", tags: ["internet-facing"] } : undefined),
    },
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(event?.project, { name: "web/frontend", tags: ["internet-facing"] });
  assert.deepEqual(
    event?.findings.map((f) => [f.id, f.package.name, f.package.version, f.package.ecosystem]),
    corpus.map((f) => [f.id, f.package.name, f.package.version, "npm"]),
  );
  // Without a lookup, the name alone.
  const alone = await readOutboxEvent(
    {
      id: 43,
      type: "finding.fixed",
      occurredAt: "2025-03-01T10:00:00.000Z",
      payload: { project: "web/x", findings },
    },
    { now: "2025-03-01T10:00:01.000Z" },
  );
  assert.deepEqual(alone.event?.project, { name: "web/x", tags: [] });
});

test("incident events as the incident workflow writes them: the id beside its facts", async () => {
  const now = "2025-03-01T10:00:01.000Z";
  const opened = await readOutboxEvent(
    {
      id: 50,
      type: "incident.opened",
      occurredAt: "2025-03-01T10:00:00.000Z",
      payload: {
        incident: 3,
        vulnerability: "CVE-2021-44228",
        aliases: ["GHSA-jfh8-c2jp-5v3q"],
        title: "Log4Shell",
        owner: "platform-team",
        openedBy: "admin",
        projects: 4,
      },
    },
    { now },
  );
  assert.deepEqual(opened.problems, []);
  assert.deepEqual(opened.event?.incident, {
    id: "3",
    title: "Log4Shell",
    vulnerability: "CVE-2021-44228",
    owner: "platform-team",
  });
  const changed = await readOutboxEvent(
    {
      id: 51,
      type: "incident.changed",
      occurredAt: "2025-03-01T10:00:00.000Z",
      projectId: 9,
      payload: {
        incident: 3,
        vulnerability: "CVE-2021-44228",
        project: "payments/api",
        status: "fixed",
        by: "ci",
      },
    },
    { now, lookup: async () => ({ name: "payments/api", tags: ["pci"] }) },
  );
  assert.deepEqual(changed.event?.project, { name: "payments/api", tags: ["pci"] });
  assert.deepEqual(changed.event?.incident, {
    id: "3",
    title: "CVE-2021-44228",
    vulnerability: "CVE-2021-44228",
    status: "fixed",
    change: "payments/api: fixed",
  });
  const closed = await readOutboxEvent(
    {
      id: 52,
      type: "incident.closed",
      occurredAt: "2025-03-01T10:00:00.000Z",
      payload: { incident: 3, vulnerability: "CVE-2021-44228", by: "admin", stillActiveProjects: 1 },
    },
    { now },
  );
  assert.equal(closed.event?.incident?.change, "closed with 1 project(s) still affected");
});
