import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { inventory, inventoryToJson } from "../inventory/index.js";
import { BulwarkError } from "../model/errors.js";
import { readOutboxEvent } from "../notify/events.js";
import { DEFAULT_RETENTION, type PortfolioContext } from "../portfolio/context.js";
import { exploitEnricher } from "../portfolio/exploit-enricher.js";
import { importKevIntoPortfolio } from "../portfolio/exploit-refresh.js";
import { ingestUpload } from "../portfolio/ingest.js";
import { MemoryExploitStore } from "../prioritise/memory-store.js";
import { openPortfolioStore, type PortfolioStore } from "../store/portfolio/index.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { guacWithRapidReset } from "../testing/prioritise-fixtures.js";
import { runIncidentAutomation } from "./automation.js";
import { closeIncident, openIncident, setProjectStatus } from "./incidents.js";
import { DEFAULT_INCIDENT_RULES } from "./rules.js";
import { incidentDetail } from "./view.js";

// Incidents on real data: guac's go.mod with golang.org/x/net and grpc moved back to versions the corpus records
// say CVE-2023-44487 (HTTP/2 rapid reset, KEV-listed) affects. With the real KEV catalogue loaded, its upload
// auto-opens an incident (rule "kev"); the real go.mod, uploaded later, no longer has the vulnerable versions
// and moves the project to fixed by itself.

const tmp = mkdtempSync(join(tmpdir(), "bulwark-incidents-"));
let advisories: CorpusAdvisories;
let store: PortfolioStore;
let ctx: PortfolioContext;
let vulnerable: string;
let fixedBody: string;
let minute = 0;
const T0 = Date.parse("2026-06-01T00:00:00Z");

before(async () => {
  advisories = await buildCorpusDatabase();
  store = await openPortfolioStore({ kind: "sqlite", path: join(tmp, "p.db") });
  const exploit = new MemoryExploitStore();
  ctx = {
    store,
    advisories: advisories.reader,
    clock: () => new Date(T0 + ++minute * 60_000),
    retention: DEFAULT_RETENTION,
    enricher: exploitEnricher(exploit),
  };
  const kev = readFileSync(corpusPath("kev", "known_exploited_vulnerabilities.json"), "utf8");
  await importKevIntoPortfolio(ctx, exploit, kev, { source: "corpus/kev", by: "admin" });
  vulnerable = JSON.stringify(inventoryToJson(await inventory([guacWithRapidReset(tmp)])));
  fixedBody = JSON.stringify(inventoryToJson(await inventory([corpusPath("projects", "guac")])));
});
after(async () => {
  await store.close();
  await advisories.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

describe("incidents driven by uploads", () => {
  let incidentId: number;

  test("a KEV-listed finding auto-opens an incident with the affected project", async () => {
    await ingestUpload(ctx, { project: "team-a/guac", body: vulnerable, uploadedBy: "ci" });
    const run = await runIncidentAutomation(ctx, DEFAULT_INCIDENT_RULES);
    const incidents = (await store.incidents.list()).items;
    const rapid = incidents.find((i) => [i.vulnerabilityId, ...i.aliases].includes("CVE-2023-44487"));
    assert.ok(rapid, JSON.stringify(incidents.map((i) => i.vulnerabilityId)));
    assert.equal(rapid.openedBy, "rule:kev");
    assert.ok(run.opened >= 1);
    incidentId = rapid.id;
    const detail = await incidentDetail(ctx, incidentId);
    assert.deepEqual(
      detail.projects.map((p) => [p.projectName, p.status]),
      [["team-a/guac", "affected"]],
    );
    assert.equal(detail.kev, true);
    const purls = detail.projects[0]!.findings.map((f) => `${f.purl} direct=${f.direct} fixed=${f.fixed[0]}`);
    // the first version fixing this vulnerability (fixVersion: the smallest fixing every record of the package)
    assert.deepEqual(purls, [
      "pkg:golang/golang.org/x/net@0.16.0 direct=false fixed=0.17.0",
      "pkg:golang/google.golang.org/grpc@1.56.2 direct=true fixed=1.56.3",
    ]);
    const xnet = detail.projects[0]!.findings[0]!;
    // go.mod requires indirect modules itself and gives no graph: the package itself is what to move
    assert.deepEqual(xnet.move, [xnet.purl]);
    assert.deepEqual(
      detail.timeline.map((e) => e.type),
      ["opened", "project.affected"],
    );
    assert.equal(detail.progress.shareFixed, 0);
    assert.equal(detail.plan.layers.length, 1);
    // the automation read everything: a second run has nothing to do
    assert.deepEqual(await runIncidentAutomation(ctx, DEFAULT_INCIDENT_RULES), {
      events: 0,
      opened: 0,
      changed: 0,
    });
  });

  test("a second project joins the open incident; statuses move with who and when", async () => {
    await ingestUpload(ctx, { project: "team-b/guac", body: vulnerable, uploadedBy: "ci" });
    await runIncidentAutomation(ctx, DEFAULT_INCIDENT_RULES);
    await setProjectStatus(ctx, incidentId, "team-a/guac", { status: "acknowledged", by: "alice" });
    await setProjectStatus(ctx, incidentId, "team-a/guac", { status: "fixing", by: "alice" });
    await assert.rejects(
      setProjectStatus(ctx, incidentId, "team-b/guac", { status: "not_affected", by: "bob" }),
      (e: unknown) => e instanceof BulwarkError && e.code === "USAGE",
    );
    const detail = await incidentDetail(ctx, incidentId);
    assert.deepEqual(
      detail.projects.map((p) => [p.projectName, p.status, p.changedBy]),
      [
        ["team-a/guac", "fixing", "alice"],
        ["team-b/guac", "affected", "upload"],
      ],
    );
    const scoped = await incidentDetail(ctx, incidentId, ["team-b/*"]);
    assert.deepEqual(
      scoped.projects.map((p) => p.projectName),
      ["team-b/guac"],
    );
    assert.ok(scoped.timeline.every((e) => e.projectName === undefined || e.projectName === "team-b/guac"));
  });

  test("an upload without the vulnerable versions moves its project to fixed; contained when all are", async () => {
    await ingestUpload(ctx, { project: "team-a/guac", body: fixedBody, uploadedBy: "ci" });
    await runIncidentAutomation(ctx, DEFAULT_INCIDENT_RULES);
    await setProjectStatus(ctx, incidentId, "team-b/guac", {
      status: "not_affected",
      justification: "code_not_reachable",
      detail: "HTTP/2 server not enabled",
      by: "bob",
    });
    const detail = await incidentDetail(ctx, incidentId);
    assert.deepEqual(
      detail.projects.map((p) => [p.projectName, p.status, p.changedBy, p.justification ?? null]),
      [
        ["team-a/guac", "fixed", "upload", null],
        ["team-b/guac", "not_affected", "bob", "vulnerable_code_not_in_execute_path"],
      ],
    );
    assert.deepEqual(
      detail.timeline.map((e) => `${e.type} ${e.projectName ?? ""} ${e.status ?? ""}`.trim()),
      [
        "opened",
        "project.affected team-a/guac affected",
        "project.affected team-b/guac affected",
        "project.status team-a/guac acknowledged",
        "project.status team-a/guac fixing",
        "project.fixed team-a/guac fixed",
        "project.status team-b/guac not_affected",
      ],
    );
    assert.equal(detail.progress.shareFixed, 1);
    assert.ok(detail.progress.timeToContainMs! > 0);
    assert.equal(detail.plan.layers.length, 0);
  });

  test("opening by hand: by any alias, a CONFLICT while one is open, 404 for an unknown id; closing", async () => {
    await assert.rejects(
      openIncident(ctx, { vulnerability: "CVE-2023-44487", by: "alice" }),
      (e: unknown) => e instanceof BulwarkError && e.code === "CONFLICT",
    );
    await assert.rejects(
      openIncident(ctx, { vulnerability: "CVE-1999-99999", by: "alice" }),
      (e: unknown) => e instanceof BulwarkError && e.code === "INPUT_NOT_FOUND",
    );
    const closed = await closeIncident(ctx, incidentId, "alice");
    assert.equal(closed.status, "closed");
    const reopened = await openIncident(ctx, {
      vulnerability: "CVE-2023-44487",
      title: "again",
      owner: "sec",
      by: "alice",
    });
    assert.equal(reopened.title, "again");
    // team-a is fixed now; team-b still holds the vulnerable versions
    assert.deepEqual(
      (await store.incidents.projects(reopened.id)).map((p) => p.projectName),
      ["team-b/guac"],
    );
    const events = await store.events.read({
      after: 0,
      types: ["incident.opened", "incident.changed", "incident.closed"],
      limit: 1000,
    });
    assert.ok(events.some((e) => e.type === "incident.closed"));
    assert.ok(events.filter((e) => e.type === "incident.opened").length >= 2);
    // notifications read these payloads without a problem, incident and project named
    for (const e of events) {
      const read = await readOutboxEvent(e, { now: new Date().toISOString() });
      assert.deepEqual(read.problems, [], `${e.type} ${JSON.stringify(e.payload)}`);
      assert.ok(read.event?.incident?.title && read.event.incident.change, e.type);
      if (e.type === "incident.changed") assert.match(read.event!.project?.name ?? "", /guac$/);
    }
  });
});
