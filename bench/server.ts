// The server's speed targets (issue 11, "Proof"), measured on a real `bulwark serve` process on an ephemeral port
// with a seeded store (10,000 projects, 5,000,000 component rows by default, bench/lib/portfolio-seed.ts), on
// SQLite and on PostgreSQL:
//   1. a 1,750-component upload (dependency-track-frontend) processed and matched: target < 150 ms server-side
//      (the server's own upload histogram, parse + match + store);
//   2. importing an advisory for a package in a third of the projects (held back from the seed), every affected
//      project's findings stored: target < 1 s (the import answer's `ms`); then withdrawing and republishing it;
//   3. under 50 connections for 20 s each (autocannon): GET /api/v1/projects (every sort, first, middle and deep
//      pages), GET the findings of the project with most findings — p99 < 50 ms; POST /v1/querybatch of 1,000
//      queries — p99 < 300 ms; 0 errors;
//   4. the server's memory with the rows stored: target < 400 MB.
// Needs the build (`npm run build`: the server runs as `bin/bulwark.js serve`). Prints figures; never asserts.
//
//   node --import tsx bench/server.ts
//   BENCH_PROJECTS=1000 BENCH_ROWS=500000 BENCH_STORES=sqlite BENCH_SECONDS=5 node --import tsx bench/server.ts
//   BENCH_DATA=/tmp/bench-server node --import tsx bench/server.ts   # keeps the seeded stores there for the next run
//
// The machine is often shared: each figure comes with the load average and the server's CPU time per request,
// which the other load barely changes.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { openAdvisoryDatabase } from "../src/advisories/database.js";
import { inventory, inventoryToJson } from "../src/inventory/index.js";
import type { OsvRecord } from "../src/model/osv.js";
import { newApiKey } from "../src/server/key-authenticator.js";
import { hashApiKey } from "../src/store/portfolio/api-key-hash.js";
import { openPortfolioStore, PROJECT_SORTS } from "../src/store/portfolio/index.js";
import { corpusPath } from "../src/testing/corpus.js";
import { CORPUS_OSV_FOLDERS } from "../src/testing/corpus-advisories.js";
import { createTestDatabase } from "../src/testing/postgres.js";
import { startServerProcess } from "../src/testing/server-process.js";
import { drawQueries, recordsIn } from "./lib/osv-queries.js";
import { HOT_ADVISORY, seedMaterial, seedPortfolio } from "./lib/portfolio-seed.js";
import { machineLine, median } from "./lib/process-timing.js";

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 10_000);
const ROWS = Number(process.env.BENCH_ROWS ?? 5_000_000);
const STORES = (process.env.BENCH_STORES ?? "sqlite,postgres").split(",").filter(Boolean);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** A folder keeping the seeded stores between runs (a PostgreSQL database is then kept too). */
const KEEP = process.env.BENCH_DATA;

/** A seeded data folder (advisories.db, and portfolio.db or a PostgreSQL database) and what is in it. */
interface Seeded {
  kind: string;
  dir: string;
  databaseUrl?: string;
  key: string;
  projects: number;
  rows: number;
  hotProjects: number;
  hotAdvisory: OsvRecord;
  seedSeconds: number;
}

const loadText = () => `load average ${loadavg()[0]!.toFixed(1)}`;

async function prepare(kind: string, material: Awaited<ReturnType<typeof seedMaterial>>): Promise<Seeded> {
  const dir = KEEP
    ? join(KEEP, `${kind}-${PROJECTS}-${ROWS}`)
    : mkdtempSync(join(tmpdir(), "bulwark-bench-"));
  const manifest = join(dir, "seed.json");
  if (existsSync(manifest)) {
    console.log(`  reusing the store seeded in ${dir}`);
    return JSON.parse(readFileSync(manifest, "utf8")) as Seeded;
  }
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  // the advisory database: every corpus record except the hot one, which the import step brings
  const advisories = await openAdvisoryDatabase({ path: join(dir, "advisories.db"), mode: "write" });
  try {
    const records = CORPUS_OSV_FOLDERS.flatMap((f) => recordsIn(corpusPath("osv", f))).filter(
      (r) => r.id !== HOT_ADVISORY,
    );
    for (let i = 0; i < records.length; i += 2000) await advisories.writer!.write(records.slice(i, i + 2000));
  } finally {
    await advisories.close();
  }
  const database = kind === "postgres" ? await createTestDatabase("bulwark_bench_server") : undefined;
  const store = await openPortfolioStore(
    database ? { kind: "postgres", url: database.url } : { kind: "sqlite", path: join(dir, "portfolio.db") },
  );
  const key = newApiKey();
  let seed: Awaited<ReturnType<typeof seedPortfolio>>;
  try {
    let reported = performance.now();
    seed = await seedPortfolio(
      store,
      {
        projects: PROJECTS,
        componentRows: ROWS,
        onProgress: (done) => {
          if (performance.now() - reported < 30_000) return;
          reported = performance.now();
          console.log(`  ... ${done} projects written`);
        },
      },
      material,
    );
    await store.apiKeys.create({
      name: "bench",
      role: "admin",
      projectPatterns: [],
      hash: hashApiKey(key),
      createdAt: new Date().toISOString(),
    });
  } finally {
    await store.close();
  }
  // what autovacuum does after a bulk load on a running PostgreSQL (this machine's CI configuration turns it
  // off): visibility map and statistics, without which every index-only read visits the table
  if (database) await vacuumAnalyze(database.url);
  const seeded: Seeded = {
    kind,
    dir,
    ...(database ? { databaseUrl: database.url } : {}),
    key,
    projects: seed.projects,
    rows: seed.componentRows,
    hotProjects: seed.hot.projects,
    hotAdvisory: seed.hot.advisory,
    seedSeconds: (performance.now() - started) / 1000,
  };
  writeFileSync(manifest, JSON.stringify(seeded));
  return seeded;
}

async function vacuumAnalyze(url: string): Promise<void> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("vacuum analyze");
  } finally {
    await client.end();
  }
}

/** Removes what prepare() made, unless BENCH_DATA keeps it. */
async function discard(seeded: Seeded): Promise<void> {
  if (KEEP) return;
  rmSync(seeded.dir, { recursive: true, force: true });
  if (seeded.databaseUrl) {
    const name = new URL(seeded.databaseUrl).pathname.slice(1);
    const pg = (await import("pg")).default;
    const admin = new pg.Client({ connectionString: seeded.databaseUrl.replace(/\/[^/]*$/, "/postgres") });
    await admin.connect();
    try {
      await admin.query(`drop database if exists "${name}" with (force)`);
    } finally {
      await admin.end();
    }
  }
}

/** CPU time (ms, user + system) and memory (MB) of a process, from /proc. */
function processStats(pid: number): { cpuMs: number; rssMb: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return {
    cpuMs: (Number(fields[11]) + Number(fields[12])) * 10,
    rssMb: kb("VmRSS") / 1024,
    peakMb: kb("VmHWM") / 1024,
  };
}

// autocannon ships no types; this is the part of its API used here
interface LoadResult {
  latency: { p50: number; p90: number; p99: number; max: number };
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (
  options: Record<string, unknown>,
) => Promise<LoadResult>;

async function measure(seeded: Seeded): Promise<void> {
  const flags = ["--data", seeded.dir, ...(seeded.databaseUrl ? ["--database", seeded.databaseUrl] : [])];
  const t0 = performance.now();
  const server = await startServerProcess(flags);
  const pid = server.child.pid!;
  const auth = { authorization: `Bearer ${seeded.key}` };
  console.log(
    `  server started in ${((performance.now() - t0) / 1000).toFixed(1)} s; RSS ${processStats(pid).rssMb.toFixed(0)} MB`,
  );
  // the server's peak RSS so far, after each step: which step makes the memory figure
  const peakText = () => `server peak RSS ${processStats(pid).peakMb.toFixed(0)} MB`;
  const api = async (path: string, init: RequestInit = {}) => {
    const r = await fetch(`${server.url}${path}`, { ...init, headers: { ...auth, ...init.headers } });
    const text = await r.text();
    if (!r.ok) throw new Error(`${init.method ?? "GET"} ${path}: HTTP ${r.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  const uploadSum = async () => {
    const text = await (await fetch(`${server.url}/metrics`, { headers: auth })).text();
    return Number(/^bulwark_upload_duration_seconds_sum (\S+)/m.exec(text)?.[1] ?? Number.NaN) * 1000;
  };
  try {
    // 1. uploads of dependency-track-frontend as new projects: the server's own time (parse, match, store)
    const body = JSON.stringify(
      inventoryToJson(await inventory([corpusPath("projects", "dependency-track-frontend")])),
    );
    const uploads: { server: number; wall: number; cpu: number; components: number; open: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const before = await uploadSum();
      const cpu0 = processStats(pid).cpuMs;
      const w0 = performance.now();
      const answer = await api(
        `/api/v1/projects/${encodeURIComponent(`bench/upload-${Date.now()}-${i}`)}/uploads`,
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        },
      );
      const wall = performance.now() - w0;
      const cpu = processStats(pid).cpuMs - cpu0;
      uploads.push({
        server: (await uploadSum()) - before,
        wall,
        cpu,
        components: answer.components,
        open: answer.findings.open,
      });
    }
    const [first, ...rest] = uploads;
    console.log(
      `  upload of dependency-track-frontend (${first!.components} components, ${first!.open} open findings): ` +
        `server-side first ${first!.server.toFixed(0)} ms, then median ${median(rest.map((u) => u.server)).toFixed(0)} ms ` +
        `(wall ${median(rest.map((u) => u.wall)).toFixed(0)} ms, server CPU ${median(rest.map((u) => u.cpu)).toFixed(0)} ms; ${loadText()}; ${peakText()})`,
    );

    // 2. the held-back advisory: import (new findings), withdraw (closed), republish (reopened). Under an id of
    // its own each run, without aliases, so that a kept store gives new findings again on the next run.
    const advisory = { ...seeded.hotAdvisory, id: `BENCH-${Date.now()}`, aliases: [] };
    const later = (seconds: number) => new Date(Date.parse(advisory.modified) + seconds * 1000).toISOString();
    const steps: [string, OsvRecord][] = [
      ["import", advisory],
      ["withdraw", { ...advisory, modified: later(1), withdrawn: later(1) }],
      ["republish", { ...advisory, modified: later(2) }],
      // withdrawn again, so that a kept store's next run is not matching this record too
      ["withdraw again", { ...advisory, modified: later(3), withdrawn: later(3) }],
    ];
    for (const [what, record] of steps) {
      const cpu0 = processStats(pid).cpuMs;
      const w0 = performance.now();
      const answer = await api("/api/v1/advisories", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(record),
      });
      const wall = performance.now() - w0;
      console.log(
        `  advisory ${what} (${advisory.id}, in ${seeded.hotProjects} projects): ${answer.ms} ms server-side ` +
          `(wall ${wall.toFixed(0)} ms, server CPU ${(processStats(pid).cpuMs - cpu0).toFixed(0)} ms): ` +
          `${answer.newFindings} new, ${answer.closedFindings} closed, ${answer.affectedProjects} projects (${loadText()}; ${peakText()})`,
      );
    }

    // 3. load: project pages (every sort; first, middle and deep page), one project's findings, querybatch
    const total = seeded.projects + uploads.length;
    const pages: string[] = [];
    for (const sort of PROJECT_SORTS) {
      pages.push(`/api/v1/projects?sort=${sort}&limit=100`);
      let cursor: string | undefined;
      let seen = 0;
      for (const depth of [0.5, 0.9]) {
        while (seen < Math.floor(total * depth)) {
          const limit = Math.min(1000, Math.floor(total * depth) - seen);
          const page = await api(
            `/api/v1/projects?sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
          );
          seen += page.items.length;
          cursor = page.nextCursor ?? undefined;
          if (!cursor) break;
        }
        if (cursor) pages.push(`/api/v1/projects?sort=${sort}&limit=100&cursor=${cursor}`);
      }
    }
    const busiest = (await api("/api/v1/projects?sort=openFindings&limit=1")).items[0];
    const queries = drawQueries(1000);
    const loads: [string, Record<string, unknown>, string][] = [
      [
        `GET /api/v1/projects (${pages.length} pages: ${PROJECT_SORTS.length} sorts, first, middle and deep, 100 a page)`,
        { requests: pages.map((path) => ({ method: "GET", path })) },
        "p99 < 50 ms",
      ],
      [
        `GET /api/v1/projects/{name}/findings (${busiest.name}, ${busiest.open.total} open)`,
        {
          requests: [
            { method: "GET", path: `/api/v1/projects/${encodeURIComponent(busiest.name)}/findings` },
          ],
        },
        "p99 < 50 ms",
      ],
      [
        "POST /v1/querybatch (1,000 Go and PyPI queries)",
        {
          requests: [
            {
              method: "POST",
              path: "/v1/querybatch",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ queries }),
            },
          ],
        },
        "p99 < 300 ms",
      ],
    ];
    for (const [what, options, target] of loads) {
      const cpu0 = processStats(pid).cpuMs;
      const r = await autocannon({
        url: server.url,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: auth,
        ...options,
      });
      await fetch(`${server.url}/healthz`); // requests queued at the stop are answered before the next run
      const cpuPerRequest = (processStats(pid).cpuMs - cpu0) / Math.max(1, r.requests.total);
      console.log(
        `  ${what}, ${CONNECTIONS} connections, ${SECONDS} s: p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, ` +
          `p99 ${r.latency.p99} ms (target ${target}), max ${r.latency.max} ms; ${r.requests.average.toFixed(0)} req/s; ` +
          `errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}; server CPU ${cpuPerRequest.toFixed(2)} ms a request (${loadText()}; ${peakText()})`,
      );
    }

    // 4. memory
    const stats = processStats(pid);
    console.log(
      `  server memory with ${seeded.rows} component rows stored: RSS ${stats.rssMb.toFixed(0)} MB now, peak ${stats.peakMb.toFixed(0)} MB (target < 400 MB)`,
    );
  } finally {
    await server.stop("SIGTERM");
  }
}

console.log(machineLine(1));
console.log(`portfolio: ${PROJECTS} projects, ${ROWS} component rows; stores: ${STORES.join(", ")}`);
const material = await seedMaterial();
for (const kind of STORES) {
  console.log(`\n### ${kind}`);
  let seeded: Seeded | undefined;
  try {
    seeded = await prepare(kind, material);
    console.log(
      `  store: ${seeded.projects} projects, ${seeded.rows} component rows (seeded in ${seeded.seedSeconds.toFixed(0)} s); ` +
        `${seeded.hotProjects} projects hold the hot package`,
    );
    await measure(seeded);
  } catch (error) {
    console.log(
      `  ${kind}: could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  } finally {
    if (seeded) await discard(seeded);
  }
}
