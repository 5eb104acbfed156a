// The portfolio store at scale, on SQLite and PostgreSQL: seed 10,000 projects / 5,000,000 component rows built
// from the corpus projects (bench/lib/portfolio-seed.ts), then measure, in a fresh process that only opens the
// store (as a server would): the reverse-index lookup of a package present in a third of the projects, storing
// an advisory import's findings for all of them in one transaction, project pages at a deep cursor for every
// sort key, a page of one project's findings, and the process's memory.
//
//   npm run bench -- portfolio-store.ts
//   BENCH_PROJECTS=1000 BENCH_ROWS=500000 BENCH_STORES=sqlite node --import tsx bench/portfolio-store.ts
//
// Seeded databases live in a temp folder (SQLite) or a bulwark_bench_* database (PostgreSQL), removed at the end.
// Prints figures; never fails the build.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import type { OsvRecord } from "../src/model/osv.js";
import {
  type NewEvent,
  openPortfolioStore,
  type PortfolioLocation,
  PROJECT_SORTS,
} from "../src/store/portfolio/index.js";
import { findingsFor, indexAdvisories } from "../src/testing/portfolio-fixtures.js";
import { createTestDatabase, type TestDatabase } from "../src/testing/postgres.js";
import { type SeedResult, seedMaterial, seedPortfolio } from "./lib/portfolio-seed.js";
import { median } from "./lib/process-timing.js";

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 10_000);
const ROWS = Number(process.env.BENCH_ROWS ?? 5_000_000);
const STORES = (process.env.BENCH_STORES ?? "sqlite,postgres").split(",").filter(Boolean);

/** What the measuring process needs to know about the seed. */
interface MeasureInput {
  location: PortfolioLocation;
  hotKey: { ecosystem: string; name: string };
  hotAdvisory: OsvRecord;
}

const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(0)} ms`;

/**
 * CPU time (ms) of the PostgreSQL backends serving this database, read from /proc (the server runs on this
 * machine): with the node process's own CPU time, a figure the machine's other load barely changes.
 */
async function backendCpuMs(monitor: pg.Client | undefined): Promise<number> {
  if (!monitor) return 0;
  const { rows } = await monitor.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = current_database()",
  );
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime + stime, in 1/100 s
    } catch {}
  }
  return ticks * 10;
}

let monitor: pg.Client | undefined;

/** Wall time, node CPU and PostgreSQL backend CPU of one call. */
async function timed<T>(
  work: () => Promise<T>,
): Promise<{ value: T; wall: number; cpu: number; dbCpu: number }> {
  const db0 = await backendCpuMs(monitor);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const dbCpu = (await backendCpuMs(monitor)) - db0;
  return { value, wall, cpu: (cpu.user + cpu.system) / 1000, dbCpu };
}

/** "node CPU x" or "CPU: node x + PostgreSQL y" */
function cpuText(t: { cpu: number; dbCpu: number }): string {
  return monitor ? `CPU: node ${ms(t.cpu)} + PostgreSQL ${ms(t.dbCpu)}` : `CPU ${ms(t.cpu)}`;
}

/** Median and max wall time of `runs` calls. */
async function repeat(runs: number, work: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(work)).wall);
  return { median: median(times), max: Math.max(...times) };
}

// ---------------------------------------------------------------------------------------------------------
// The measuring process: opens the seeded store and runs the queries.

async function measure(input: MeasureInput): Promise<void> {
  const store = await openPortfolioStore(input.location);
  if (input.location.kind === "postgres") {
    monitor = new pg.Client({ connectionString: input.location.url });
    await monitor.connect();
  }
  try {
    const lines: string[] = [];
    const say = (line: string) => {
      lines.push(line);
      console.log(`  ${line}`);
    };

    // 1. The reverse index: every component row of the hot package across the portfolio.
    const scan = async () => {
      const rows = [];
      for await (const batch of store.components.scanPackage(input.hotKey, { batchSize: 5000 }))
        rows.push(...batch);
      return rows;
    };
    const cold = await timed(scan);
    const warm = await repeat(5, scan);
    const again = await timed(scan);
    const rows = cold.value;
    say(
      `reverse lookup of ${input.hotKey.ecosystem}/${input.hotKey.name}: ${rows.length} rows in ` +
        `${new Set(rows.map((r) => r.projectId)).size} projects — first ${ms(cold.wall)}, then median ${ms(warm.median)} (${cpuText(again)})`,
    );

    // 2. An advisory import for it: matching (the server's part, shown for scale) then one write transaction.
    const index = indexAdvisories([input.hotAdvisory]);
    const matched = await timed(async () =>
      rows.flatMap((row) =>
        findingsFor([row], index).map((f) => ({
          ...f,
          projectId: row.projectId,
          projectVersion: row.projectVersion,
        })),
      ),
    );
    const newFindings = matched.value;
    const byProject = new Map<number, number>();
    for (const f of newFindings) byProject.set(f.projectId, (byProject.get(f.projectId) ?? 0) + 1);
    const projectIds = [...byProject.keys()];
    const now = new Date().toISOString();
    say(
      `matching ${rows.length} rows against ${input.hotAdvisory.id}: ${newFindings.length} findings in ${ms(matched.wall)}`,
    );
    const events = (type: string, payloadOf: (projectId: number) => unknown): NewEvent[] => [
      ...projectIds.map((projectId) => ({ type, occurredAt: now, projectId, payload: payloadOf(projectId) })),
      {
        type: "advisory.affects-portfolio",
        occurredAt: now,
        payload: { id: input.hotAdvisory.id, projects: projectIds.length },
      },
    ];
    const write = await timed(() =>
      store.transaction(async (tx) => {
        await tx.projects.lock(projectIds);
        const ids = await tx.findings.insert(newFindings.map((f) => ({ ...f, detectedAt: now })));
        await tx.events.append(
          events("finding.new", (p) => ({ vulnerability: input.hotAdvisory.id, findings: byProject.get(p) })),
        );
        await tx.projects.refreshCounts(projectIds);
        await tx.advisoryImports.record({
          at: now,
          source: "bench",
          imported: 1,
          replaced: 0,
          newFindings: ids.length,
          closedFindings: 0,
          affectedProjects: projectIds.length,
          ms: 0,
        });
        return ids;
      }),
    );
    const ids = write.value;
    say(
      `import write: ${ids.length} new findings + ${projectIds.length + 1} events + ${projectIds.length} project counts ` +
        `in one transaction: ${ms(write.wall)} (${cpuText(write)}); with the lookup: ${ms(write.wall + warm.median)}`,
    );
    const transitions: { wall: number; cpu: number; dbCpu: number }[] = [];
    for (const state of ["withdrawn", "open", "withdrawn"] as const) {
      const t = await timed(() =>
        store.transaction(async (tx) => {
          await tx.projects.lock(projectIds);
          await tx.findings.transition(ids, { state, at: new Date().toISOString() });
          await tx.events.append(events(state === "open" ? "finding.new" : "finding.withdrawn", () => ({})));
          await tx.projects.refreshCounts(projectIds);
        }),
      );
      transitions.push(t);
    }
    const mid = [...transitions].sort((a, b) => a.wall - b.wall)[1] as (typeof transitions)[number];
    say(
      `closing them (withdrawn) and reopening, each with events and counts: median ${ms(mid.wall)} (${cpuText(mid)})`,
    );
    await store.findings.transition(ids, { state: "open", at: new Date().toISOString() });
    await store.projects.refreshCounts(projectIds);

    const byVuln = await repeat(10, () =>
      store.findings.byVulnerability(input.hotAdvisory.id, { limit: 100 }),
    );
    say(
      `findings of ${input.hotAdvisory.id} (reverse lookup by id), a page of 100: median ${ms(byVuln.median)}`,
    );

    // 3. Project pages at a deep cursor, for every sort key.
    const total = (await store.projects.count({}, 1_000_000)).count;
    const depth = Math.floor(total * 0.9);
    const pageLines: string[] = [];
    for (const sort of PROJECT_SORTS) {
      let cursor: string | undefined;
      const walk = await timed(async () => {
        for (let seen = 0; seen < depth; ) {
          const page = await store.projects.list({ sort, limit: Math.min(1000, depth - seen), cursor });
          seen += page.items.length;
          cursor = page.nextCursor ?? undefined;
          if (!cursor) break;
        }
      });
      const first = await repeat(10, () => store.projects.list({ sort, limit: 100 }));
      const deep = await repeat(20, () => store.projects.list({ sort, limit: 100, cursor }));
      pageLines.push(
        `${sort.padEnd(13)} first page ${ms(first.median)}, page at ${depth}: median ${ms(deep.median)} (max ${ms(deep.max)}); walking there by 1,000s: ${ms(walk.wall)}`,
      );
    }
    say(`projects, a page of 100 (${total} projects):`);
    for (const line of pageLines) say(`  ${line}`);
    const scoped = await repeat(10, () =>
      store.projects.list({
        sort: "riskScore",
        projectPatterns: ["team-7/*"],
        tag: "internet-facing",
        limit: 100,
      }),
    );
    say(`  scoped (team-7/*, tag internet-facing, by risk): median ${ms(scoped.median)}`);
    const search = await repeat(10, () => store.projects.list({ search: "service-99", limit: 100 }));
    say(`  name search "service-99": median ${ms(search.median)}`);

    // 4. One project's findings.
    const busiest = (await store.projects.list({ sort: "openFindings", limit: 1 })).items[0];
    if (busiest) {
      const page = await repeat(20, () =>
        store.findings.listForProject(busiest.id, { states: ["open"], limit: 100 }),
      );
      say(
        `findings of ${busiest.name} (${busiest.open.total} open), a page of 100 by priority: median ${ms(page.median)} (max ${ms(page.max)})`,
      );
    }

    // 5. What a naive audit ranking (issue 12) would cost: grouping the whole reverse index on request.
    const rankingSql =
      "select key_ecosystem, key_name, count(distinct project_id) as projects from components " +
      "group by key_ecosystem, key_name order by projects desc limit 100";
    const ranking = await timed(async () => {
      if (monitor) return (await monitor.query(rankingSql)).rows;
      const db = new Database((input.location as { path: string }).path, { readonly: true });
      try {
        return db.prepare(rankingSql).all();
      } finally {
        db.close();
      }
    });
    say(
      `audit ranking by grouping all component rows on request: ${ms(ranking.wall)} (${cpuText(ranking)}) — to be materialised, not computed per request`,
    );

    // 6. Memory of this process, which only opened the store and ran the above.
    (globalThis as { gc?: () => void }).gc?.();
    const rss = process.memoryUsage().rss / 2 ** 20;
    const peak = process.resourceUsage().maxRSS / 1024;
    say(`memory of the measuring process: RSS ${rss.toFixed(0)} MB now, peak ${peak.toFixed(0)} MB`);
  } finally {
    await store.close();
    await monitor?.end();
  }
}

// ---------------------------------------------------------------------------------------------------------
// The seeding process.

async function sizeOf(location: PortfolioLocation): Promise<string> {
  if (location.kind === "sqlite") {
    let bytes = 0;
    for (const suffix of ["", "-wal"]) {
      try {
        bytes += statSync(location.path + suffix).size;
      } catch {}
    }
    return `${(bytes / 2 ** 20).toFixed(0)} MB on disk`;
  }
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ db: string; components: string }>(
      "select pg_database_size(current_database()) as db, pg_total_relation_size('components') as components",
    );
    const row = rows[0];
    return `${(Number(row?.db) / 2 ** 20).toFixed(0)} MB (components with indexes ${(Number(row?.components) / 2 ** 20).toFixed(0)} MB)`;
  } finally {
    await client.end();
  }
}

async function seedAndMeasure(
  kind: string,
  material: Awaited<ReturnType<typeof seedMaterial>>,
): Promise<void> {
  let dir: string | undefined;
  let database: TestDatabase | undefined;
  let location: PortfolioLocation;
  if (kind === "sqlite") {
    dir = mkdtempSync(join(tmpdir(), "bulwark-bench-portfolio-"));
    location = { kind: "sqlite", path: join(dir, "portfolio.db") };
  } else {
    database = await createTestDatabase("bulwark_bench");
    location = { kind: "postgres", url: database.url };
  }
  try {
    console.log(`\n### ${kind}`);
    const store = await openPortfolioStore(location);
    let seed: SeedResult;
    let cpu: NodeJS.CpuUsage;
    try {
      const cpu0 = process.cpuUsage();
      let lastReport = performance.now();
      seed = await seedPortfolio(
        store,
        {
          projects: PROJECTS,
          componentRows: ROWS,
          onProgress: (done) => {
            if (performance.now() - lastReport > 30_000) {
              lastReport = performance.now();
              console.log(`  ... ${done} projects written`);
            }
          },
        },
        material,
      );
      cpu = process.cpuUsage(cpu0);
    } finally {
      await store.close();
    }
    console.log(
      `  seeded ${seed.projects} projects, ${seed.componentRows} component rows, ${seed.findings} findings in ` +
        `${(seed.ms / 1000).toFixed(0)} s (${Math.round(seed.componentRows / (seed.ms / 1000))} rows/s; node CPU ` +
        `${((cpu.user + cpu.system) / 1e6).toFixed(0)} s); ${await sizeOf(location)}`,
    );
    console.log(`  ${seed.hot.key.name} is in ${seed.hot.projects} projects`);
    const input: MeasureInput = { location, hotKey: seed.hot.key, hotAdvisory: seed.hot.advisory };
    const file = join(dir ?? tmpdir(), `bench-measure-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(input));
    try {
      spawnSync(
        process.execPath,
        ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), "--measure", file],
        {
          stdio: "inherit",
        },
      );
    } finally {
      if (!dir) rmSync(file, { force: true });
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  }
}

if (process.argv[2] === "--measure") {
  await measure(JSON.parse(readFileSync(process.argv[3] as string, "utf8")) as MeasureInput);
} else {
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}`,
  );
  console.log(`portfolio: ${PROJECTS} projects, ${ROWS} component rows; stores: ${STORES.join(", ")}`);
  const material = await seedMaterial();
  for (const kind of STORES) {
    try {
      await seedAndMeasure(kind, material);
    } catch (error) {
      console.log(`  ${kind}: could not run: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
