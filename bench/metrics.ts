// The patch-response clock at scale (issue 12), on SQLite and PostgreSQL: a portfolio of 10,000 projects whose
// findings are the real matches of the corpus npm advisories on dependency-track-frontend (cloned per project
// with spread detection, fix and triage times), then a year of daily history points for every project —
// measured: the metrics answer (target < 200 ms), the history read (target < 500 ms), the history's storage,
// and the recorder's costs (one project after an upload; every project in the daily tick).
//
//   npm run bench -- metrics.ts
//   BENCH_PROJECTS=1000 BENCH_FINDINGS=10 BENCH_STORES=sqlite node --import tsx bench/metrics.ts
//
// BENCH_CHANGE_EVERY=N: each project's figures change every N days (default 1: a row per project per day,
// the worst case the compaction can meet). Prints figures; never fails the build.

import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { ClockFigures } from "../src/clock/metrics-cache.js";
import { DEFAULT_SLA } from "../src/clock/sla.js";
import {
  type FindingFacts,
  type NewFinding,
  openPortfolioStore,
  type PortfolioLocation,
  type PortfolioStore,
} from "../src/store/portfolio/index.js";
import { corpusProject, findingsFor, npmAdvisories } from "../src/testing/portfolio-fixtures.js";
import { createTestDatabase, type TestDatabase } from "../src/testing/postgres.js";
import { median } from "./lib/process-timing.js";

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 10_000);
const FINDINGS = Number(process.env.BENCH_FINDINGS ?? 20);
const CHANGE_EVERY = Number(process.env.BENCH_CHANGE_EVERY ?? 1);
const STORES = (process.env.BENCH_STORES ?? "sqlite,postgres").split(",").filter(Boolean);
const DAY = 86_400_000;
const NOW = Date.parse("2026-06-30T12:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();
const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A deterministic pseudo-random number in [0, 1) from integers. */
function rand(...n: number[]): number {
  let h = 2166136261;
  for (const x of n) h = Math.imul(h ^ x, 16777619) >>> 0;
  return (h % 100_000) / 100_000;
}

/** Wall times (first and median) and the median CPU time of this process (the machine is shared). */
async function time<T>(
  work: () => Promise<T>,
  runs = 5,
): Promise<{ value: T; first: number; median: number; cpu: number }> {
  const times: number[] = [];
  const cpus: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = await work();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  return { value: value as T, first: times[0] as number, median: median(times), cpu: median(cpus) };
}

/** Projects "team-N/svc-i" (50 teams), tags team-N and every fifth "internet-facing"; FINDINGS findings each. */
async function seed(store: PortfolioStore, facts: FindingFacts[]): Promise<number> {
  let findings = 0;
  const perTx = 250;
  for (let start = 0; start < PROJECTS; start += perTx) {
    await store.transaction(async (tx) => {
      const fixed = new Map<string, number[]>(); // by fix time (whole days): one statement per day
      const suppressed: number[] = [];
      for (let i = start; i < Math.min(PROJECTS, start + perTx); i++) {
        const created = NOW - 400 * DAY + Math.floor(rand(i, 1) * 30) * DAY;
        const { project } = await tx.projects.ensure(`team-${i % 50}/svc-${i}`, iso(created));
        await tx.projects.update(project.id, {
          tags: [`team-${i % 50}`, ...(i % 5 === 0 ? ["internet-facing"] : [])],
          at: iso(created),
        });
        const chosen = Array.from({ length: FINDINGS }, (_, k) => facts[(i * 7 + k) % facts.length]!);
        const unique = [
          ...new Map(chosen.map((f) => [`${f.finding.package.purl} ${f.finding.id}`, f])).values(),
        ];
        const rows: NewFinding[] = unique.map((f, k) => ({
          ...f,
          kev: rand(i, k, 2) < 0.03,
          // a third published after the project's first upload: their time to detect counts
          ...(rand(i, k, 3) < 0.33
            ? { publishedAt: iso(created + Math.floor(rand(i, k, 4) * 300) * DAY) }
            : {}),
          projectId: project.id,
          projectVersion: "",
          detectedAt: iso(
            created + Math.floor(rand(i, k, 4) * 300) * DAY + Math.floor(rand(i, k, 5) * 20) * DAY,
          ),
        }));
        const ids = await tx.findings.insert(rows);
        ids.forEach((id, k) => {
          const r = rand(i, k, 6);
          if (r < 0.6) {
            const at = Date.parse(rows[k]!.detectedAt) + Math.ceil(rand(i, k, 7) * 120) * DAY;
            if (at < NOW) fixed.set(iso(at), [...(fixed.get(iso(at)) ?? []), id]);
          } else if (r < 0.65) suppressed.push(id);
        });
        findings += ids.length;
      }
      for (const [at, ids] of fixed) await tx.findings.transition(ids, { state: "fixed", at });
      await tx.findings.transition(suppressed, { state: "suppressed", at: iso(NOW - 10 * DAY) });
    });
  }
  await store.clock.applySla(DEFAULT_SLA);
  const ids = Array.from({ length: PROJECTS }, (_, i) => i + 1);
  for (let i = 0; i < ids.length; i += 1000) await store.projects.refreshCounts(ids.slice(i, i + 1000));
  return findings;
}

/**
 * A year of daily points for every project, written by the database itself (a recursive day sequence
 * crossed with the projects): each project's figures change every CHANGE_EVERY days; then the portfolio's
 * and each tag's series, summed per day as the recorder would have written them.
 */
async function seedHistory(location: PortfolioLocation, first: number, days: number): Promise<number> {
  const { Kysely, PostgresDialect, SqliteDialect } = await import("kysely");
  const db =
    location.kind === "sqlite"
      ? new Kysely<unknown>({
          dialect: new SqliteDialect({
            database: new (await import("better-sqlite3")).default(location.path),
          }),
        })
      : new Kysely<unknown>({
          dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location.url }) }),
        });
  const v = (salt: number, mod: number) =>
    sql.raw(`((p.id * ${salt} + (d.day - ${first}) / ${CHANGE_EVERY} * ${salt * 7 + 3}) % ${mod})`);
  await sql`insert into metric_points (scope, day, projects, open_critical, open_high, open_medium, open_low,
      open_unknown, open_total, open_kev, breached)
    with recursive d(day) as (select ${sql.lit(first)} union all select day + 1 from d where day < ${sql.lit(first + days - 1)})
    select 'project:' || p.id, d.day, 1, ${v(3, 3)}, ${v(5, 6)}, ${v(7, 8)}, ${v(11, 4)}, ${v(13, 2)},
      ${v(3, 3)} + ${v(5, 6)} + ${v(7, 8)} + ${v(11, 4)} + ${v(13, 2)}, ${v(17, 2)}, ${v(19, 5)}
    from projects as p cross join d
    where (d.day - ${sql.lit(first)}) % ${sql.lit(CHANGE_EVERY)} = 0`.execute(db);
  const sums = sql`count(*), sum(m.open_critical), sum(m.open_high), sum(m.open_medium), sum(m.open_low),
    sum(m.open_unknown), sum(m.open_total), sum(m.open_kev), sum(m.breached)`;
  // the portfolio and tag series as running totals of every project's last point (what the recorder writes)
  await sql`insert into metric_points select '*', m.day, ${sums} from metric_points as m
    where m.scope like 'project:%' group by m.day`.execute(db);
  await sql`insert into metric_points select 'tag:' || t.tag, m.day, ${sums} from metric_points as m
    inner join project_tags as t on m.scope = 'project:' || t.project_id group by t.tag, m.day`.execute(db);
  // what autovacuum does after a bulk load on a running PostgreSQL: statistics and the visibility map
  if (location.kind === "postgres") await sql`vacuum analyze`.execute(db);
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from metric_points`.execute(db);
  await db.destroy();
  return Number(rows[0]?.n);
}

async function storageBytes(location: PortfolioLocation): Promise<number> {
  if (location.kind === "sqlite") {
    const db = new (await import("better-sqlite3")).default(location.path);
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    return statSync(location.path).size;
  }
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  const { rows } = await client.query<{ n: string }>("select pg_total_relation_size('metric_points') as n");
  await client.end();
  return Number(rows[0]?.n);
}

async function benchStore(kind: string, facts: FindingFacts[]): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), "bulwark-bench-metrics-"));
  let database: TestDatabase | undefined;
  try {
    let location: PortfolioLocation;
    if (kind === "sqlite") location = { kind: "sqlite", path: join(tmp, "portfolio.db") };
    else {
      database = await createTestDatabase("bulwark_bench");
      location = { kind: "postgres", url: database.url };
    }
    let store = await openPortfolioStore(location);
    const t0 = performance.now();
    const findings = await seed(store, facts);
    console.log(
      `${kind}: seeded ${PROJECTS} projects, ${findings} findings in ${ms(performance.now() - t0)}`,
    );
    await store.close();
    const before = await storageBytes(location);
    const first = Math.floor(NOW / DAY) - 364;
    const t1 = performance.now();
    const rows = await seedHistory(location, first, 365);
    const after = await storageBytes(location);
    const historyBytes = kind === "sqlite" ? after - before : after;
    console.log(
      `${kind}: history of 365 days (a change every ${CHANGE_EVERY} day(s)): ${rows} rows in ${ms(performance.now() - t1)}; ` +
        `storage ${mb(historyBytes)} (${(historyBytes / rows).toFixed(0)} bytes/row)`,
    );

    store = await openPortfolioStore(location);
    const now = iso(NOW);
    const cached = new ClockFigures(store);
    const figures = [
      ["metrics, whole portfolio", () => store.clock.metrics({}, now)],
      [
        "metrics, tag internet-facing (2,000 projects)",
        () => store.clock.metrics({ tag: "internet-facing" }, now),
      ],
      [
        "metrics, scoped key team-7/* (200 projects)",
        () => store.clock.metrics({ projectPatterns: ["team-7/*"] }, now),
      ],
      ["metrics, one project", () => store.clock.metrics({ project: "team-7/svc-7" }, now)],
      ["history, a year, whole portfolio", () => store.clock.history({}, iso(NOW - 364 * DAY), now)],
      [
        "history, a year, tag internet-facing",
        () => store.clock.history({ tag: "internet-facing" }, iso(NOW - 364 * DAY), now),
      ],
      [
        "history, a year, scoped key team-7/* (200 projects summed)",
        () => store.clock.history({ projectPatterns: ["team-7/*"] }, iso(NOW - 364 * DAY), now),
      ],
      [
        "history, a year, one project",
        () => store.clock.history({ project: "team-7/svc-7" }, iso(NOW - 364 * DAY), now),
      ],
      ["recorder, one project after an upload", () => store.clock.recordHistory(iso(NOW + DAY), [7])],
      ["GET /api/v1/metrics answer reused (no write since)", () => cached.metrics({}, new Date(NOW))],
    ] as const;
    for (const [label, work] of figures) {
      const t = await time(work as () => Promise<unknown>);
      console.log(`${kind}: ${label}: first ${ms(t.first)}, median ${ms(t.median)} (node CPU ${ms(t.cpu)})`);
    }
    const metrics = await store.clock.metrics({}, now);
    console.log(
      `${kind}: portfolio figures: ${metrics.open.total} open, ${metrics.slaBreaches.total} breached, ` +
        `MTTR high median ${metrics.mttr.high.median} d (n=${metrics.mttr.high.count}), MTTD n=${Object.values(metrics.mttd).reduce((n, s) => n + s.count, 0)}`,
    );
    const daily = await time(() => store.clock.recordHistory(iso(NOW + 2 * DAY)), 1);
    console.log(
      `${kind}: daily tick, every project's point: ${ms(daily.first)}, node CPU ${ms(daily.cpu)} (${daily.value} rows written)`,
    );
    await store.close();
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept ${tmp}`);
    else {
      await database?.drop();
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}

const frontend = await corpusProject("dependency-track-frontend");
const facts = findingsFor(frontend.components, await npmAdvisories());
console.log(
  `metrics bench: ${PROJECTS} projects x ${FINDINGS} findings (from ${facts.length} real ones); ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
for (const kind of STORES) await benchStore(kind, facts);
