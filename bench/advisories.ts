// Advisory database benchmarks: import of the whole corpus, `bulwark query --batch` with 10,000 queries,
// a single `bulwark query` process, memory, per-query cost at 10x the database size, and what compressing
// the stored JSON would save. Prints figures; never asserts. Build first (npm run build): it spawns the CLI.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { deflateSync, inflateSync } from "fflate";
import { openSqliteAdvisoryDatabase } from "../src/advisories/database.js";
import { importAdvisories } from "../src/advisories/import.js";
import type { AdvisoryQuery } from "../src/advisories/matcher.js";
import type { OsvRecord } from "../src/model/osv.js";
import { CLI_BIN, corpusPath } from "../src/testing/corpus.js";

const dir = mkdtempSync(join(tmpdir(), "bulwark-bench-adv-"));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// other work on the machine inflates wall times: print the load next to each end-to-end figure
const load = () => `load ${loadavg()[0]!.toFixed(1)}`;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (x: number) => `${(x / 1024 / 1024).toFixed(1)} MB`;
const hasTime = existsSync("/usr/bin/time");

/** Runs the CLI; returns wall time and, where /usr/bin/time exists, the process's peak RSS. */
function cli(args: string[], input?: string): { ms: number; rss?: number; stdout: string } {
  const cmd = hasTime ? "/usr/bin/time" : process.execPath;
  const argv = hasTime ? ["-f", "%M", process.execPath, CLI_BIN, ...args] : [CLI_BIN, ...args];
  const start = performance.now();
  const r = spawnSync(cmd, argv, { input, encoding: "utf8", maxBuffer: 1 << 28 });
  const elapsed = performance.now() - start;
  if (r.status !== 0) throw new Error(`bulwark ${args.join(" ")}: ${r.stderr}`);
  const rssKb = hasTime ? Number(r.stderr.trim().split("\n").pop()) : undefined;
  return { ms: elapsed, rss: rssKb ? rssKb * 1024 : undefined, stdout: r.stdout };
}

// 1. import of the whole corpus, in process and end to end
const importTimes: number[] = [];
let peakImportRss = 0;
for (let i = 0; i < 3; i++) {
  const path = join(dir, `import-${i}.db`);
  const db = openSqliteAdvisoryDatabase({ db: path, create: true });
  const start = performance.now();
  await importAdvisories(db, [corpusPath("osv")]);
  importTimes.push(performance.now() - start);
  peakImportRss = Math.max(peakImportRss, process.resourceUsage().maxRSS * 1024);
  db.close();
}
const cliImport = [0, 1, 2].map((i) =>
  cli(["db", "import", "--db", join(dir, `cli-import-${i}.db`), corpusPath("osv")]),
);
console.log(`import whole corpus (7,374 files, in process): median ${ms(median(importTimes))}`);
console.log(
  `import whole corpus (bulwark db import, end to end, ${load()}): median ${ms(median(cliImport.map((r) => r.ms)))}, peak RSS ${cliImport[0]!.rss ? mb(Math.max(...cliImport.map((r) => r.rss!))) : "n/a"}`,
);

// 2. 10,000 queries built from the corpus: each record's package at one of its listed or boundary versions, so
// nearly every record is read and most queries have findings (a worst case: a real lockfile touches far fewer)
const dbPath = join(dir, "import-0.db");
const queries: AdvisoryQuery[] = [];
const records = allRecords(dbPath);
for (let i = 0; queries.length < 10_000; i++) {
  const record = records[i % records.length]!;
  for (const a of record.affected ?? []) {
    if (!a.package) continue;
    const events = (a.ranges ?? []).flatMap((r) => r.events.map((e) => e.fixed ?? e.introduced ?? "1.0.0"));
    const candidates = [...(a.versions ?? []), ...events].filter((v) => v !== "0");
    const version = candidates[(i * 7) % Math.max(candidates.length, 1)] ?? "1.0.0";
    queries.push({ ecosystem: a.package.ecosystem, name: a.package.name, version });
    break;
  }
}
const batchFile = join(dir, "batch.json");
writeFileSync(
  batchFile,
  JSON.stringify({
    queries: queries.map((q) => ({ package: { ecosystem: q.ecosystem, name: q.name }, version: q.version })),
  }),
);
const batchRuns = [0, 1, 2, 3, 4].map(() => cli(["query", "--db", dbPath, "--batch", batchFile]));
const matched = JSON.parse(batchRuns[0]!.stdout).results.filter((r: { vulns?: unknown[] }) => r.vulns).length;
console.log(
  `bulwark query --batch, 10,000 queries (${matched} with findings), end to end: median ${ms(median(batchRuns.map((r) => r.ms)))}, best ${ms(Math.min(...batchRuns.map((r) => r.ms)))}, peak RSS ${batchRuns[0]!.rss ? mb(batchRuns[0]!.rss) : "n/a"} (${load()})`,
);

// 3. a single query process, start to exit
const single = Array.from({ length: 7 }, () => cli(["query", "--db", dbPath, "pkg:pypi/django@1.11.29"]));
const help = Array.from({ length: 7 }, () => cli(["--help"]));
console.log(
  `bulwark query <purl>, start to exit (${load()}): median ${ms(median(single.map((r) => r.ms)))} (bulwark --help: ${ms(median(help.map((r) => r.ms)))}), peak RSS ${single[0]!.rss ? mb(single[0]!.rss) : "n/a"}`,
);

// 4. per-query cost at 1x and 10x the database size (the corpus under 10 renamed copies)
const bigPath = join(dir, "ten-times.db");
const big = openSqliteAdvisoryDatabase({ db: bigPath, create: true });
const bigStart = performance.now();
await big.transaction(async () => {
  for (let copy = 0; copy < 10; copy++) for (const r of records) big.offer(copy === 0 ? r : renamed(r, copy));
});
console.log(`10x database: ${big.status().records} records built in ${ms(performance.now() - bigStart)}`);
big.close();
for (const [label, path] of [
  ["1x", dbPath],
  ["10x", bigPath],
] as const) {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const db = openSqliteAdvisoryDatabase({ db: path }); // fresh process-level cache each run
    const start = performance.now();
    for (const q of queries) db.query(q);
    runs.push((performance.now() - start) / queries.length);
    db.close();
  }
  console.log(
    `per-query cost on the ${label} database (10,000 queries, cold cache): median ${(median(runs) * 1000).toFixed(1)} µs`,
  );
}

// 5. storing the JSON compressed: size saved vs the cost of inflating each record read
const jsons = records.map((r) => new TextEncoder().encode(JSON.stringify(r)));
const raw = jsons.reduce((n, j) => n + j.length, 0);
const deflated = jsons.map((j) => deflateSync(j, { level: 6 }));
const packed = deflated.reduce((n, d) => n + d.length, 0);
const inflateStart = performance.now();
for (const d of deflated) inflateSync(d);
const inflateUs = ((performance.now() - inflateStart) / deflated.length) * 1000;
const parseStart = performance.now();
for (const j of jsons) JSON.parse(new TextDecoder().decode(j));
const parseUs = ((performance.now() - parseStart) / jsons.length) * 1000;
console.log(
  `record JSON: ${mb(raw)} raw, ${mb(packed)} deflated (${((packed / raw) * 100).toFixed(0)}%); inflate ${inflateUs.toFixed(1)} µs + parse ${parseUs.toFixed(1)} µs per record`,
);
console.log(`memory: in-process peak RSS during the imports ${mb(peakImportRss)}`);
console.log(`machine: ${process.platform} ${process.arch}, Node ${process.version}, ${cpus().length} cores`);

rmSync(dir, { recursive: true, force: true });

function allRecords(path: string): OsvRecord[] {
  const sqlite = new Database(path, { readonly: true });
  try {
    return sqlite
      .prepare<[], string>("SELECT json FROM records ORDER BY id")
      .pluck()
      .all()
      .map((json) => JSON.parse(json) as OsvRecord);
  } finally {
    sqlite.close();
  }
}

function renamed(record: OsvRecord, copy: number): OsvRecord {
  return {
    ...record,
    id: `${record.id}-c${copy}`,
    aliases: record.aliases?.map((a) => `${a}-c${copy}`),
    affected: record.affected?.map((a) => ({
      ...a,
      package: a.package ? { ...a.package, name: `${a.package.name}-c${copy}` } : undefined,
    })),
  };
}
