// The audit ranking at scale, on SQLite and PostgreSQL: seed a portfolio built from the corpus projects
// (bench/lib/portfolio-seed.ts, through the store's repositories, which keep the materialised package usage
// up to date), then measure the ranking (first page, a deep page, one ecosystem, CSV-sized walk), a scoped
// key's ranking (grouped on request over its projects), the old way (grouping every component row), and what
// keeping the usage costs the writers: one upload's component replace, and an advisory import's findings for
// every project holding the hot package.
//
//   npm run bench -- ranking.ts
//   BENCH_PROJECTS=1000 BENCH_ROWS=500000 BENCH_STORES=sqlite node --import tsx bench/ranking.ts
//
// Prints figures; never fails the build.

import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  openPortfolioStore,
  type PortfolioLocation,
  type PortfolioStore,
} from "../src/store/portfolio/index.js";
import { findingsFor, indexAdvisories } from "../src/testing/portfolio-fixtures.js";
import { createTestDatabase, type TestDatabase } from "../src/testing/postgres.js";
import { projectComponents, seedMaterial, seedPortfolio } from "./lib/portfolio-seed.js";
import { median } from "./lib/process-timing.js";

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 10_000);
const ROWS = Number(process.env.BENCH_ROWS ?? 5_000_000);
const STORES = (process.env.BENCH_STORES ?? "sqlite,postgres").split(",").filter(Boolean);

const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(0)} ms`;

async function time<T>(work: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const cpu = process.cpuUsage(cpu0);
  return { value, wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000 };
}

async function repeat(runs: number, work: () => Promise<unknown>): Promise<string> {
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) walls.push((await time(work)).wall);
  return `${ms(median(walls))} (max ${ms(Math.max(...walls))})`;
}

async function measure(store: PortfolioStore, material: Awaited<ReturnType<typeof seedMaterial>>) {
  const first = await time(() => store.ranking.list({ limit: 100 }));
  console.log(`  ranking, first page of 100 (cold): ${ms(first.wall)}`);
  console.log(`  ranking, first page of 100: ${await repeat(9, () => store.ranking.list({ limit: 100 }))}`);
  let cursor = first.value.nextCursor;
  for (let i = 0; i < 49 && cursor; i++)
    cursor = (await store.ranking.list({ limit: 100, cursor })).nextCursor;
  if (cursor) {
    const deep = cursor;
    console.log(
      `  ranking, page 51: ${await repeat(9, () => store.ranking.list({ limit: 100, cursor: deep }))}`,
    );
  }
  console.log(
    `  ranking of one ecosystem (npm): ${await repeat(9, () => store.ranking.list({ limit: 100, ecosystem: "npm" }))}`,
  );
  const walk = await time(async () => {
    let rows = 0;
    let next: string | undefined;
    do {
      const page = await store.ranking.list({ limit: 1000, ...(next ? { cursor: next } : {}) });
      rows += page.items.length;
      next = page.nextCursor ?? undefined;
    } while (next);
    return rows;
  });
  console.log(`  the whole ranking (${walk.value} packages, a CSV export's reads): ${ms(walk.wall)}`);
  console.log(
    `  scoped key (team-7/*, 1/50 of the projects), first page: ${await repeat(3, () =>
      store.ranking.list({ limit: 100, projectPatterns: ["team-7/*"] }),
    )}`,
  );
  const full = await time(() => store.ranking.list({ limit: 100, projectPatterns: ["*"] }));
  console.log(
    `  the old way: grouping every component and finding row on request: ${ms(full.wall)} (CPU ${ms(full.cpu)})`,
  );
  const same =
    JSON.stringify(full.value.items.map((u) => [u.key, u.score])) ===
    JSON.stringify(first.value.items.map((u) => [u.key, u.score]));
  console.log(`  materialised first page equals the recomputed one: ${same}`);

  // Writers: one upload's component replace (an existing project gets the other corpus template's components)
  const template = material.templates.find((t) => t !== material.hotTemplate) ?? material.hotTemplate;
  const target = (await store.projects.list({ limit: 1 })).items[0]!;
  const components = projectComponents(1, template, 500, undefined);
  const replace = await time(() =>
    store.transaction((tx) => tx.components.replace(target.id, "", components)),
  );
  console.log(
    `  one upload's component replace (500 rows, usage kept): ${ms(replace.wall)} (CPU ${ms(replace.cpu)})`,
  );

  // An advisory import: the hot advisory's findings for every project holding the hot package, then closed
  const hot = material.hot.key;
  const holders: { projectId: number; purl: string; version: string }[] = [];
  let next: string | undefined;
  do {
    const page = await store.components.byPackage(hot, { limit: 1000, ...(next ? { cursor: next } : {}) });
    for (const c of page.items)
      holders.push({ projectId: c.projectId, purl: c.purl, version: c.projectVersion });
    next = page.nextCursor ?? undefined;
  } while (next);
  const index = indexAdvisories([material.hotAdvisory]);
  const facts = findingsFor([material.hot], index)[0];
  if (facts) {
    const at = new Date().toISOString();
    const insert = await time(() =>
      store.transaction((tx) =>
        tx.findings.insert(
          holders.map((h) => ({
            ...facts,
            finding: { ...facts.finding, package: { ...facts.finding.package, purl: h.purl } },
            projectId: h.projectId,
            projectVersion: h.version,
            detectedAt: at,
          })),
        ),
      ),
    );
    console.log(
      `  import write: ${holders.length} new findings of one package (usage recounted): ${ms(insert.wall)} (CPU ${ms(insert.cpu)})`,
    );
    const close = await time(() =>
      store.transaction((tx) => tx.findings.transition(insert.value, { state: "withdrawn", at })),
    );
    console.log(`  closing them (usage recounted): ${ms(close.wall)} (CPU ${ms(close.cpu)})`);
  }
}

async function run(kind: string, material: Awaited<ReturnType<typeof seedMaterial>>) {
  let dir: string | undefined;
  let database: TestDatabase | undefined;
  let location: PortfolioLocation;
  if (kind === "sqlite") {
    dir = mkdtempSync(join(tmpdir(), "bulwark-bench-ranking-"));
    location = { kind: "sqlite", path: join(dir, "portfolio.db") };
  } else {
    database = await createTestDatabase("bulwark_bench");
    location = { kind: "postgres", url: database.url };
  }
  try {
    console.log(`\n### ${kind}`);
    let store = await openPortfolioStore(location);
    const seed = await seedPortfolio(store, { projects: PROJECTS, componentRows: ROWS }, material);
    const usage = await store.ranking.list({ limit: 1 });
    console.log(
      `  seeded ${seed.projects} projects, ${seed.componentRows} component rows, ${seed.findings} findings in ` +
        `${(seed.ms / 1000).toFixed(0)} s (${Math.round(seed.componentRows / (seed.ms / 1000))} rows/s, usage kept); ` +
        `top package: ${usage.items[0]?.key.name} in ${usage.items[0]?.projects} projects`,
    );
    await store.close();
    store = await openPortfolioStore(location); // measure as a freshly started server would
    try {
      await measure(store, material);
    } finally {
      await store.close();
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  }
}

console.log(
  `bench/ranking: ${PROJECTS} projects, ${ROWS} component rows; ${cpus().length} cores (${cpus()[0]?.model}), ` +
    `Node ${process.versions.node}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
);
const material = await seedMaterial();
for (const kind of STORES) await run(kind, material);
