import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DEFAULT_SLA, slaDaysFor } from "../../clock/sla.js";
import { corpusProject, findingsFor, npmAdvisories } from "../../testing/portfolio-fixtures.js";
import { truncateAllTables, usePostgresTestDatabase } from "../../testing/postgres.js";
import {
  CLOCK_SEVERITIES,
  type FindingFacts,
  openPortfolioStore,
  type PortfolioLocation,
  type PortfolioStore,
  type StoredFinding,
} from "./index.js";

// The clock's store contract (issue 12), on SQLite and on the real PostgreSQL: SLA due dates, the metrics
// computed in SQL, the compacted daily history and the breach reports. The findings are the ones the corpus
// npm advisories really give dependency-track-frontend; the times are the test's.

const DAY = 86_400_000;
const T0 = Date.parse("2025-03-01T00:00:00.000Z");
const day = (n: number) => new Date(T0 + n * DAY).toISOString();

const tmp = mkdtempSync(join(tmpdir(), "bulwark-clock-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const postgres = usePostgresTestDatabase();

let facts: FindingFacts[];
before(async () => {
  const frontend = await corpusProject("dependency-track-frontend");
  facts = findingsFor(frontend.components, await npmAdvisories());
  assert.ok(facts.length >= 10);
});

let files = 0;
const stores: { name: string; open(): Promise<PortfolioStore> }[] = [
  {
    name: "sqlite",
    open: () => openPortfolioStore({ kind: "sqlite", path: join(tmp, `s${++files}`, "portfolio.db") }),
  },
  {
    name: "postgres",
    async open() {
      const location: PortfolioLocation = { kind: "postgres", url: postgres.url };
      const store = await openPortfolioStore(location);
      await truncateAllTables(postgres.url);
      return store;
    },
  },
];

/** Nearest-rank percentile, in days rounded to 2 decimals, as the store computes it. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const v = sorted[Math.floor((values.length * p + 99) / 100) - 1] as number;
  return Math.round((v / DAY) * 100) / 100;
}

/** Two projects: "web/frontend" (tag web) with every finding, "api/gateway" (tag api) with a third of them. */
async function seed(store: PortfolioStore) {
  const { project: web } = await store.projects.ensure("web/frontend", day(0));
  const { project: api } = await store.projects.ensure("api/gateway", day(0));
  await store.projects.update(web.id, { tags: ["web"], at: day(0) });
  await store.projects.update(api.id, { tags: ["api"], at: day(0) });
  // KEV on the first finding; a publication after the first upload on the second (its time to detect: 12 h)
  const adjusted = facts.map((f, i) => ({
    ...f,
    kev: i === 0,
    ...(i === 1 ? { publishedAt: new Date(T0 + DAY / 2).toISOString() } : {}),
  }));
  await store.findings.insert(
    adjusted.map((f) => ({ ...f, projectId: web.id, projectVersion: "", detectedAt: day(1) })),
  );
  await store.findings.insert(
    adjusted
      .filter((_, i) => i % 3 === 0)
      .map((f) => ({ ...f, projectId: api.id, projectVersion: "", detectedAt: day(2) })),
  );
  return { web, api };
}

async function findingsOf(store: PortfolioStore, projectId: number): Promise<StoredFinding[]> {
  return (await store.findings.listForProject(projectId, { limit: 1000 })).items;
}

for (const kind of stores) {
  describe(`the clock on ${kind.name}`, () => {
    test("SLA due dates follow the policy from detection; changing the policy changes them", async () => {
      const store = await kind.open();
      try {
        const { web, api } = await seed(store);
        const webIds = (await findingsOf(store, web.id)).map((f) => f.id);
        assert.equal(await store.clock.applySla(DEFAULT_SLA, webIds), facts.length);
        for (const f of await findingsOf(store, web.id))
          assert.equal(
            f.slaDueAt,
            new Date(
              Date.parse(f.detectedAt) + slaDaysFor(DEFAULT_SLA, f.finding.severity.rating, f.kev) * DAY,
            ).toISOString(),
          );
        assert.ok((await findingsOf(store, api.id)).every((f) => f.slaDueAt === undefined));
        assert.equal(await store.clock.applySla(DEFAULT_SLA, webIds), 0, "nothing left to change");
        const strict = { ...DEFAULT_SLA, critical: 7, high: 7, medium: 7, low: 7, unknown: 7 };
        await store.clock.applySla(strict);
        for (const f of [...(await findingsOf(store, web.id)), ...(await findingsOf(store, api.id))])
          assert.equal(Date.parse(f.slaDueAt!) - Date.parse(f.detectedAt), (f.kev ? 14 : 7) * DAY);
      } finally {
        await store.close();
      }
    });

    test("metrics: open counts, breaches, MTTD, MTTR and age by severity, filtered by project, tag and patterns", async () => {
      const store = await kind.open();
      try {
        const { web, api } = await seed(store);
        await store.clock.applySla(DEFAULT_SLA);
        const webFindings = await findingsOf(store, web.id);
        // half of the web findings fixed 10 days after detection, one of them 40 days after
        const fixed = webFindings.filter((_, i) => i % 2 === 0);
        await store.findings.transition(
          fixed.slice(1).map((f) => f.id),
          { state: "fixed", at: day(11) },
        );
        await store.findings.transition([fixed[0]!.id], { state: "fixed", at: day(41) });
        await store.projects.refreshCounts([web.id, api.id]);
        const now = day(100);
        const all = [...(await findingsOf(store, web.id)), ...(await findingsOf(store, api.id))];
        const metrics = await store.clock.metrics({}, now);
        assert.equal(metrics.projects, 2);
        const open = all.filter((f) => f.state === "open");
        assert.equal(metrics.open.total, open.length);
        assert.equal(metrics.open.kev, open.filter((f) => f.kev).length);
        const breached = open.filter((f) => Date.parse(f.slaDueAt!) < Date.parse(now));
        assert.ok(
          (breached.length > 0 && breached.length < open.length) || open.every((f) => breached.includes(f)),
        );
        assert.equal(metrics.slaBreaches.total, breached.length);
        assert.equal(metrics.slaBreaches.kev, breached.filter((f) => f.kev).length);
        for (const s of CLOCK_SEVERITIES) {
          const rated = (f: StoredFinding) => f.finding.severity.rating === s;
          assert.equal(metrics.slaBreaches[s], breached.filter(rated).length, `breaches ${s}`);
          const ttr = all
            .filter((f) => rated(f) && f.state === "fixed")
            .map((f) => Date.parse(f.fixedAt!) - Date.parse(f.detectedAt));
          assert.deepEqual(
            metrics.mttr[s],
            { median: percentile(ttr, 50), p90: percentile(ttr, 90), count: ttr.length },
            `mttr ${s}`,
          );
          const age = open.filter(rated).map((f) => Date.parse(now) - Date.parse(f.detectedAt));
          assert.deepEqual(
            metrics.age[s],
            { median: percentile(age, 50), p90: percentile(age, 90), count: age.length },
            `age ${s}`,
          );
        }
        // time to detect: only the advisory published after the projects' first upload (12 h)
        const ttd = Object.values(metrics.mttd).filter((s) => s.count > 0);
        // only web/frontend has that finding (api/gateway holds every third one, from index 0)
        assert.equal(
          ttd.reduce((n, s) => n + s.count, 0),
          1,
        );
        assert.equal(ttd[0]!.median, 0.5);

        const webOnly = await store.clock.metrics({ project: "web/frontend" }, now);
        assert.equal(webOnly.projects, 1);
        assert.equal(webOnly.open.total, (await store.projects.getById(web.id))!.open.total);
        assert.deepEqual(await store.clock.metrics({ tag: "web" }, now), webOnly);
        assert.deepEqual(await store.clock.metrics({ projectPatterns: ["web/*"] }, now), webOnly);
        const none = await store.clock.metrics({ projectPatterns: [] }, now);
        assert.equal(none.projects, 0);
        assert.equal(none.slaBreaches.total, 0);
        assert.equal(none.mttr.high.count, 0);
      } finally {
        await store.close();
      }
    });

    test("history: a row per scope and day only when something changed, read back as a filled daily series", async () => {
      const store = await kind.open();
      try {
        const { web, api } = await seed(store);
        await store.clock.applySla(DEFAULT_SLA);
        await store.projects.refreshCounts([web.id, api.id]);
        // day 2: both projects, the portfolio, two tags
        assert.equal(await store.clock.recordHistory(day(2), [web.id, api.id]), 5);
        assert.equal(await store.clock.recordHistory(day(2), [web.id, api.id]), 0, "nothing changed");
        assert.equal(await store.clock.recordHistory(day(3)), 0, "the next day: nothing changed, no row");
        const before = (await store.projects.getById(web.id))!.open;
        const webFindings = await findingsOf(store, web.id);
        await store.findings.transition(
          webFindings.slice(0, 3).map((f) => f.id),
          { state: "fixed", at: day(5) },
        );
        await store.projects.refreshCounts([web.id]);
        // day 5: the web project, the portfolio, its tag
        assert.equal(await store.clock.recordHistory(day(5), [web.id]), 3);
        const after = (await store.projects.getById(web.id))!.open;
        const apiOpen = (await store.projects.getById(api.id))!.open;

        const series = await store.clock.history({}, day(0), day(200));
        assert.equal(series.length, 201);
        assert.equal(series[0]!.day, "2025-03-01");
        assert.equal(series[1]!.total, 0, "nothing recorded yet on day 1");
        assert.equal(series[2]!.total, before.total + apiOpen.total);
        assert.equal(series[4]!.total, before.total + apiOpen.total);
        assert.equal(series[5]!.total, after.total + apiOpen.total);
        assert.equal(series[5]!.projects, 2);
        assert.equal(series[5]!.kev, after.kev + apiOpen.kev);
        assert.equal(series[200]!.breached, 0, "breaches move with the daily point, not by themselves");
        // breaches appear with the daily point of a later day
        await store.clock.recordHistory(day(200));
        const late = await store.clock.history({}, day(199), day(200));
        assert.equal(late[0]!.breached, 0);
        assert.equal(late[1]!.breached, (await store.clock.metrics({}, day(200))).slaBreaches.total);

        // one project, a tag, and a key's patterns (summed from the projects' own rows) agree
        const byTag = await store.clock.history({ tag: "web" }, day(0), day(10));
        const byProject = await store.clock.history({ project: "web/frontend" }, day(0), day(10));
        const byPatterns = await store.clock.history({ projectPatterns: ["web/*"] }, day(0), day(10));
        assert.deepEqual(byTag, byProject);
        assert.deepEqual(byPatterns, byProject);
        assert.equal(byProject[4]!.total, before.total);
        assert.equal(byProject[5]!.total, after.total);
        // a window that starts after the last change carries the earlier figures
        const tail = await store.clock.history({ project: "web/frontend" }, day(8), day(9));
        assert.deepEqual(
          tail.map((p) => p.total),
          [after.total, after.total],
        );
        await assert.rejects(store.clock.history({}, day(10), day(0)), /ends before it starts/);
      } finally {
        await store.close();
      }
    });

    test("breach reports: each breached finding is returned once, until marked", async () => {
      const store = await kind.open();
      try {
        const { web } = await seed(store);
        await store.clock.applySla(DEFAULT_SLA);
        assert.deepEqual(await store.clock.unreportedBreaches(day(5)), [], "the KEV deadline is 14 days");
        assert.equal((await store.clock.unreportedBreaches(day(16))).length, 1, "due on day 15 and 16");
        const kev = await store.clock.unreportedBreaches(day(17));
        assert.deepEqual(
          kev.map((f) => [f.projectName, f.kev]),
          [
            ["web/frontend", true],
            ["api/gateway", true],
          ],
        );
        assert.deepEqual(kev.find((f) => f.projectId === web.id)!.projectTags, ["web"]);
        const ids = kev.map((f) => f.id);
        assert.deepEqual((await store.clock.markBreachesReported(ids, day(16))).sort(), [...ids].sort());
        assert.deepEqual(await store.clock.markBreachesReported(ids, day(17)), [], "already marked");
        assert.deepEqual(await store.clock.unreportedBreaches(day(17)), []);
        const later = await store.clock.unreportedBreaches(day(400));
        assert.ok(later.length > 0 && later.every((f) => !ids.includes(f.id)));
      } finally {
        await store.close();
      }
    });

    test("the portfolio's findings filtered by project and tag (exports)", async () => {
      const store = await kind.open();
      try {
        await seed(store);
        const web = await store.findings.list({ project: "web/frontend", limit: 1000 });
        assert.equal(web.items.length, facts.length);
        const api = await store.findings.list({ tag: "api", limit: 1000 });
        assert.ok(api.items.length > 0 && api.items.every((f) => f.projectName === "api/gateway"));
        const page = await store.findings.list({ tag: "web", limit: 5 });
        const next = await store.findings.list({ tag: "web", limit: 5, cursor: page.nextCursor! });
        assert.ok(next.items[0]!.id > page.items[4]!.id);
      } finally {
        await store.close();
      }
    });
  });
}
