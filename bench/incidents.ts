// Incidents at scale (issue 12), on SQLite: N projects holding guac's go.mod with x/net and grpc moved back to
// versions HTTP/2 rapid reset (CVE-2023-44487, KEV-listed) affects, uploaded with the real KEV catalogue loaded.
// Measured: the automation's run that opens the incident (rule "kev") with every project, the incident's detail
// (blast radius, timeline, progress, patch plan) and its HTML report, then the automation's run after every
// project uploaded the real go.mod (each moved to fixed by itself).
//
//   npm run bench -- incidents.ts
//   BENCH_PROJECTS=100 node --import tsx bench/incidents.ts
//
// Prints figures; never fails the build.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { runIncidentAutomation } from "../src/incidents/automation.js";
import { incidentHtml } from "../src/incidents/report.js";
import { DEFAULT_INCIDENT_RULES } from "../src/incidents/rules.js";
import { incidentDetail } from "../src/incidents/view.js";
import { inventory, inventoryToJson } from "../src/inventory/index.js";
import { DEFAULT_RETENTION, type PortfolioContext } from "../src/portfolio/context.js";
import { exploitEnricher } from "../src/portfolio/exploit-enricher.js";
import { importKevIntoPortfolio } from "../src/portfolio/exploit-refresh.js";
import { ingestUpload } from "../src/portfolio/ingest.js";
import { MemoryExploitStore } from "../src/prioritise/memory-store.js";
import { openPortfolioStore } from "../src/store/portfolio/index.js";
import { corpusPath } from "../src/testing/corpus.js";
import { buildCorpusDatabase } from "../src/testing/corpus-advisories.js";
import { guacWithRapidReset } from "../src/testing/prioritise-fixtures.js";

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 200);
const tmp = mkdtempSync(join(tmpdir(), "bulwark-bench-incidents-"));
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;

const advisories = await buildCorpusDatabase();
const store = await openPortfolioStore({ kind: "sqlite", path: join(tmp, "p.db") });
const exploit = new MemoryExploitStore();
const ctx: PortfolioContext = {
  store,
  advisories: advisories.reader,
  clock: () => new Date(),
  retention: DEFAULT_RETENTION,
  enricher: exploitEnricher(exploit),
};
try {
  const kev = readFileSync(corpusPath("kev", "known_exploited_vulnerabilities.json"), "utf8");
  await importKevIntoPortfolio(ctx, exploit, kev, { source: "corpus/kev", by: "bench" });
  const vulnerable = JSON.stringify(inventoryToJson(await inventory([guacWithRapidReset(tmp)])));
  const fixed = JSON.stringify(inventoryToJson(await inventory([corpusPath("projects", "guac")])));
  console.log(
    `machine: ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}; ${PROJECTS} projects (SQLite)`,
  );
  let t = performance.now();
  for (let i = 0; i < PROJECTS; i++)
    await ingestUpload(ctx, { project: `team-${i % 10}/guac-${i}`, body: vulnerable, uploadedBy: "bench" });
  console.log(`uploads (vulnerable): ${ms(t)}`);
  t = performance.now();
  const opened = await runIncidentAutomation(ctx, DEFAULT_INCIDENT_RULES);
  console.log(`automation, ${opened.events} events, ${opened.opened} incidents opened: ${ms(t)}`);
  const incident = (await store.incidents.list({ status: "open" })).items.find((i) =>
    [i.vulnerabilityId, ...i.aliases].includes("CVE-2023-44487"),
  )!;
  t = performance.now();
  const detail = await incidentDetail(ctx, incident.id);
  console.log(
    `incident detail (${detail.projects.length} projects, ${detail.timeline.length} timeline lines): ${ms(t)}`,
  );
  t = performance.now();
  const html = incidentHtml(detail);
  console.log(`HTML report (${(html.length / 1024).toFixed(0)} KiB): ${ms(t)}`);
  t = performance.now();
  for (let i = 0; i < PROJECTS; i++)
    await ingestUpload(ctx, { project: `team-${i % 10}/guac-${i}`, body: fixed, uploadedBy: "bench" });
  console.log(`uploads (fixed): ${ms(t)}`);
  t = performance.now();
  const fixedRun = await runIncidentAutomation(ctx, DEFAULT_INCIDENT_RULES);
  console.log(`automation, ${fixedRun.events} events, ${fixedRun.changed} projects moved to fixed: ${ms(t)}`);
  const after = await incidentDetail(ctx, incident.id);
  console.log(
    `fixed share ${after.progress.shareFixed}, time to contain ${after.progress.timeToContainMs} ms (wall clock of this run)`,
  );
} finally {
  await store.close();
  await advisories.cleanup();
  rmSync(tmp, { recursive: true, force: true });
}
