import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { SLA_BREACH } from "../../clock/breaches.js";
import { clockTick } from "../../clock/recorder.js";
import { DEFAULT_SLA } from "../../clock/sla.js";
import { inventory, inventoryToJson } from "../../inventory/index.js";
import { hashApiKey } from "../../store/portfolio/api-key-hash.js";
import { openPortfolioStore, type PortfolioStore } from "../../store/portfolio/index.js";
import { corpusPath } from "../../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../../testing/corpus-advisories.js";
import type { App } from "../app.js";
import { newApiKey } from "../key-authenticator.js";
import { buildServer } from "../server.js";

// The clock's routes on a real store and the corpus advisories, with a clock the test moves: uploads of
// dependency-track-frontend, a later snapshot that upgrades ejs, then figures, history, exports and breaches.

const DAY = 86_400_000;
const T0 = Date.parse("2026-01-05T09:00:00.000Z");
let now = new Date(T0);
const setDay = (n: number) => {
  now = new Date(T0 + n * DAY);
};

const tmp = mkdtempSync(join(tmpdir(), "bulwark-clock-routes-"));
let advisories: CorpusAdvisories;
let store: PortfolioStore;
let app: App;
const keys: Record<string, string> = {};
let frontend: { packages: { name: string; version: string; purl: string }[] };

async function addKey(name: string, role: "admin" | "write" | "read", projects: string[] = []) {
  keys[name] = newApiKey();
  await store.apiKeys.create({
    name,
    role,
    projectPatterns: projects,
    hash: hashApiKey(keys[name]!),
    createdAt: new Date(T0).toISOString(),
  });
}

const call = (key: string | undefined, method: "GET" | "POST", url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: {
      ...(key ? { authorization: `Bearer ${keys[key]}` } : {}),
      ...(payload !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
  });

before(async () => {
  advisories = await buildCorpusDatabase();
  store = await openPortfolioStore({ kind: "sqlite", path: join(tmp, "portfolio.db") });
  ({ app } = await buildServer({
    store,
    advisories: { reader: advisories.reader, location: advisories.path },
    clock: () => now,
    webRoot: false,
  }));
  await addKey("admin", "admin");
  await addKey("ci", "write");
  await addKey("auditor", "read");
  await addKey("team-web", "read", ["web/*"]);
  frontend = inventoryToJson(await inventory([corpusPath("projects", "dependency-track-frontend")])) as never;
  for (const project of ["web%2Ffrontend", "payments%2Fapi"]) {
    const up = await call("ci", "POST", `/api/v1/projects/${project}/uploads`, frontend);
    assert.equal(up.statusCode, 201, up.body);
  }
  await clockTick(store, now);
  // ten days later, web/frontend upgrades ejs 2.7.4 -> 3.1.10
  setDay(10);
  const upgraded = {
    ...frontend,
    packages: frontend.packages.map((p) =>
      p.name === "ejs" ? { ...p, version: "3.1.10", purl: "pkg:npm/ejs@3.1.10" } : p,
    ),
  };
  const up = await call("ci", "POST", "/api/v1/projects/web%2Ffrontend/uploads", upgraded);
  assert.equal(up.statusCode, 201, up.body);
  assert.ok(up.json().findings.fixed > 0, "the upgrade fixes the ejs findings");
  await clockTick(store, now);
});
after(async () => {
  await app?.close();
  await store?.close();
  advisories?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

interface FindingView {
  id: number;
  vulnerability: string;
  summary?: string;
  state: string;
  purl: string;
  kev: boolean;
  severity: { rating: string };
  detectedAt: string;
  fixedAt?: string;
  slaDueAt?: string;
}

async function findingsOf(project: string, state = "all"): Promise<FindingView[]> {
  const answer = await call(
    "auditor",
    "GET",
    `/api/v1/projects/${project}/findings?state=${state}&limit=1000`,
  );
  return answer.json().items;
}

describe("the clock's routes", () => {
  test("the SLA policy; every finding carries its due date (detection + the policy's days)", async () => {
    const sla = await call("auditor", "GET", "/api/v1/settings/sla");
    assert.equal(sla.statusCode, 200);
    assert.deepEqual(sla.json(), DEFAULT_SLA);
    assert.equal((await call(undefined, "GET", "/api/v1/settings/sla")).statusCode, 401);
    const days = { critical: 30, high: 30, medium: 90, low: 180, unknown: 90 } as Record<string, number>;
    for (const f of await findingsOf("web%2Ffrontend"))
      assert.equal(
        Date.parse(f.slaDueAt!) - Date.parse(f.detectedAt),
        (f.kev ? 14 : (days[f.severity.rating] as number)) * DAY,
      );
  });

  test("metrics: breaches at day 40, MTTR of the upgrade, age; scoped keys see only their projects", async () => {
    setDay(40);
    const all = [...(await findingsOf("web%2Ffrontend")), ...(await findingsOf("payments%2Fapi"))];
    const open = all.filter((f) => f.state === "open");
    const breached = open.filter((f) => Date.parse(f.slaDueAt!) < now.getTime());
    const metrics = (await call("auditor", "GET", "/api/v1/metrics")).json();
    assert.equal(metrics.projects, 2);
    assert.equal(metrics.open.total, open.length);
    assert.equal(metrics.slaBreaches.total, breached.length);
    assert.ok(breached.length > 0, "critical and high findings are past 30 days");
    assert.equal(metrics.slaBreaches.high, breached.filter((f) => f.severity.rating === "high").length);
    const fixed = all.filter((f) => f.state === "fixed");
    assert.ok(fixed.length > 0 && fixed.every((f) => f.purl.startsWith("pkg:npm/ejs@2.7.4")));
    const mttrCount = Object.values(metrics.mttr as Record<string, { count: number; median: number }>);
    assert.equal(
      mttrCount.reduce((n, s) => n + s.count, 0),
      fixed.length,
    );
    for (const s of mttrCount) if (s.count) assert.equal(s.median, 10, "fixed ten days after detection");
    assert.equal(metrics.age.high.median, 40);
    // the corpus advisories were published long before the first upload: no time to detect counts
    assert.ok(Object.values(metrics.mttd as Record<string, { count: number }>).every((s) => s.count === 0));

    const scoped = (await call("team-web", "GET", "/api/v1/metrics")).json();
    assert.equal(scoped.projects, 1);
    const web = (await call("auditor", "GET", "/api/v1/metrics?project=web%2Ffrontend")).json();
    assert.deepEqual(scoped, web);
    assert.equal((await call("team-web", "GET", "/api/v1/metrics?project=payments%2Fapi")).statusCode, 404);
    assert.equal((await call("auditor", "GET", "/api/v1/metrics?tag=nothing")).json().projects, 0);
  });

  test("metrics: the vulnerabilities detected in the most projects over the last 7 days", async () => {
    setDay(3);
    const rank = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 } as Record<string, number>;
    const byId = new Map<string, { projects: Set<string>; rank: number }>();
    for (const project of ["web%2Ffrontend", "payments%2Fapi"])
      for (const f of await findingsOf(project)) {
        if (Date.parse(f.detectedAt) < now.getTime() - 7 * DAY || f.state === "withdrawn") continue;
        const entry = byId.get(f.vulnerability) ?? { projects: new Set(), rank: 0 };
        entry.projects.add(project);
        entry.rank = Math.max(entry.rank, rank[f.severity.rating] ?? 0);
        byId.set(f.vulnerability, entry);
      }
    const expected = [...byId]
      .sort(([a, x], [b, y]) => y.projects.size - x.projects.size || y.rank - x.rank || (a < b ? -1 : 1))
      .slice(0, 5);
    const metrics = (await call("auditor", "GET", "/api/v1/metrics")).json();
    assert.ok(expected.length > 0);
    assert.deepEqual(
      metrics.topAdvisories.map((a: { id: string; projects: number }) => [a.id, a.projects]),
      expected.map(([id, e]) => [id, e.projects.size]),
    );
    // a week after the last detection nothing is "this week"
    setDay(40);
    assert.deepEqual((await call("auditor", "GET", "/api/v1/metrics")).json().topAdvisories, []);
  });

  test("history: the daily series follows uploads; breaches appear with the daily point", async () => {
    setDay(40);
    const tick = await clockTick(store, now);
    assert.equal(tick.daily, true);
    const from = new Date(T0).toISOString();
    const to = now.toISOString();
    const answer = await call("auditor", "GET", `/api/v1/metrics/history?from=${from}&to=${to}&interval=day`);
    assert.equal(answer.statusCode, 200, answer.body);
    const items = answer.json().items;
    assert.equal(items.length, 41);
    assert.equal(items[0].at, "2026-01-05");
    const day0 = items[0].total;
    assert.ok(day0 > 0);
    assert.ok(items[10].total < day0, "the upgrade on day 10 lowers the open findings");
    assert.equal(items[9].total, day0);
    assert.equal(items[39].breached, 0);
    const metrics = (await call("auditor", "GET", "/api/v1/metrics")).json();
    assert.equal(items[40].breached, metrics.slaBreaches.total);
    assert.equal(items[40].total, metrics.open.total);
    const scoped = (await call("team-web", "GET", `/api/v1/metrics/history?from=${from}&to=${to}`)).json()
      .items;
    const web = (
      await call("auditor", "GET", `/api/v1/metrics/history?from=${from}&to=${to}&project=web%2Ffrontend`)
    ).json().items;
    assert.deepEqual(scoped, web);
    assert.equal(
      web[40].total,
      (await call("auditor", "GET", "/api/v1/projects/web%2Ffrontend")).json().open.total,
    );
    const bad = await call("auditor", "GET", `/api/v1/metrics/history?from=${to}&to=${from}`);
    assert.equal(bad.statusCode, 400);
  });

  test("sla.breach events: one per project with its newly breached findings, never repeated", async () => {
    const events = await store.events.read({ after: 0, limit: 1000, types: [SLA_BREACH] });
    assert.deepEqual(events.map((e) => (e.payload as { project: { name: string } }).project.name).sort(), [
      "payments/api",
      "web/frontend",
    ]);
    const metrics = (await call("auditor", "GET", "/api/v1/metrics")).json();
    const listed = events.flatMap(
      (e) => (e.payload as { findings: { dueAt: string; package: { purl: string } }[] }).findings,
    );
    assert.equal(listed.length, metrics.slaBreaches.total);
    assert.ok(listed.every((f) => Date.parse(f.dueAt) < now.getTime() && f.package.purl));
    assert.equal((await clockTick(store, now)).daily, false, "once a day");
    setDay(41);
    const next = await clockTick(store, now);
    assert.equal(next.daily, true);
    assert.equal(next.breaches, 0, "nothing newly breached");
  });

  test("exports: every finding with its clock as CSV and JSON, filtered and scoped", async () => {
    setDay(41);
    const all = [...(await findingsOf("web%2Ffrontend")), ...(await findingsOf("payments%2Fapi"))];
    const json = await call("auditor", "GET", "/api/v1/findings/export?format=json");
    assert.equal(json.statusCode, 200);
    assert.match(json.headers["content-type"] as string, /application\/json/);
    const rows = json.json();
    assert.equal(rows.length, all.length);
    const fixed = rows.filter((r: { state: string }) => r.state === "fixed");
    assert.ok(fixed.length > 0 && fixed.every((r: { ttrDays: number }) => r.ttrDays === 10));
    const open = rows.filter((r: { state: string }) => r.state === "open");
    assert.ok(open.every((r: { ageDays: number; ttrDays: null }) => r.ageDays >= 31 && r.ttrDays === null));
    assert.ok(rows.some((r: { breached: boolean }) => r.breached));

    const csv = await call("auditor", "GET", "/api/v1/findings/export?format=csv&state=open&tag=none");
    assert.equal(csv.body.split("\r\n")[0]?.split(",")[0], "project");
    assert.equal(csv.body, `${csv.body.split("\r\n")[0]}\r\n`, "no project carries the tag: the header only");
    const openCsv = await call("auditor", "GET", "/api/v1/findings/export?state=open");
    assert.match(openCsv.headers["content-type"] as string, /text\/csv/);
    assert.match(openCsv.headers["content-disposition"] as string, /attachment; filename="bulwark-findings-/);
    assert.equal(openCsv.body.trimEnd().split("\r\n").length, 1 + open.length);

    const scoped = (await call("team-web", "GET", "/api/v1/findings/export?format=json")).json();
    assert.ok(scoped.length > 0 && scoped.every((r: { project: string }) => r.project === "web/frontend"));
    assert.equal(
      (await call("team-web", "GET", "/api/v1/findings/export?project=payments%2Fapi")).statusCode,
      404,
    );
  });
});
