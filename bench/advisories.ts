// Advisory database benchmarks: import of the whole corpus, `bulwark query --batch` with 10,000 queries (a spread
// over every record, and one over the heaviest Go and PyPI packages), a single `bulwark query` process, the
// per-query cost at 10x the database size, memory of an import of a synthetic all.zip far bigger than one write
// batch, and what compressing the stored JSON would save. Prints figures; never asserts. Build first (npm run
// build): it spawns the CLI. Process figures give wall time, CPU time (what to compare on a busy machine) and
// peak RSS. SYNTHETIC_COPIES (default 24) sets the size of the synthetic zip.
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { deflateSync, inflateSync, strToU8, Zip, ZipDeflate } from "fflate";
import { openAdvisoryDatabase } from "../src/advisories/database.js";
import { importAdvisories } from "../src/advisories/import.js";
import type { AdvisoryQuery } from "../src/advisories/matcher.js";
import type { OsvRecord } from "../src/model/osv.js";
import { CLI_BIN, corpusPath } from "../src/testing/corpus.js";
import { machineLine, median } from "./lib/process-timing.js";

const dir = mkdtempSync(join(tmpdir(), "bulwark-bench-adv-"));
const ms = (x: number) => `${x.toFixed(0)} ms`;
const mb = (x: number) => `${(x / 1024 / 1024).toFixed(0)} MB`;
const PROBE = `data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("maxrss-kb:"+u.maxRSS+" cpu-us:"+(u.userCPUTime+u.systemCPUTime)+"\\n")})`;

interface Run {
  ms: number;
  cpuMs: number;
  rss: number;
}

/** Runs the CLI once; fails loudly unless it exits with one of `ok`. */
function cli(args: string[], ok = [0]): Run {
  const start = performance.now();
  const r = spawnSync(process.execPath, ["--import", PROBE, CLI_BIN, ...args], { encoding: "utf8" });
  const elapsed = performance.now() - start;
  if (!ok.includes(r.status ?? -1)) throw new Error(`bulwark ${args.join(" ")}: ${r.stderr}`);
  const m = /maxrss-kb:(\d+) cpu-us:(\d+)/.exec(r.stderr);
  return {
    ms: elapsed,
    cpuMs: m ? Number(m[2]) / 1000 : Number.NaN,
    rss: m ? Number(m[1]) * 1024 : Number.NaN,
  };
}

function summary(runs: Run[]): string {
  return `wall median ${ms(median(runs.map((r) => r.ms)))} (best ${ms(Math.min(...runs.map((r) => r.ms)))}), CPU median ${ms(median(runs.map((r) => r.cpuMs)))}, peak RSS ${mb(Math.max(...runs.map((r) => r.rss)))}`;
}

console.log(machineLine(5));

// 1. import of the whole corpus, in process and end to end
const importTimes: number[] = [];
let peakImportRss = 0;
for (let i = 0; i < 3; i++) {
  const db = await openAdvisoryDatabase({ path: join(dir, `import-${i}.db`), mode: "write" });
  const start = performance.now();
  await importAdvisories(db.writer!, [corpusPath("osv")]);
  importTimes.push(performance.now() - start);
  peakImportRss = Math.max(peakImportRss, process.resourceUsage().maxRSS * 1024);
  await db.close();
}
const cliImport = [0, 1, 2].map((i) =>
  cli(["db", "import", "--db", join(dir, `cli-import-${i}.db`), corpusPath("osv")]),
);
console.log(`import whole corpus (7,638 files, in process): median ${ms(median(importTimes))}`);
console.log(`import whole corpus (bulwark db import, end to end): ${summary(cliImport)}`);

// 2. 10,000 queries built from the corpus: each record's package at one of its listed or boundary versions, so
// nearly every record is read and most queries have findings (a worst case: a real lockfile touches far fewer)
const dbPath = join(dir, "import-0.db");
const records = allRecords(dbPath);
const spread: AdvisoryQuery[] = [];
for (let i = 0; spread.length < 10_000; i++) {
  const record = records[i % records.length]!;
  for (const a of record.affected ?? []) {
    if (!a.package) continue;
    const events = (a.ranges ?? []).flatMap((r) => r.events.map((e) => e.fixed ?? e.introduced ?? "1.0.0"));
    const candidates = [...(a.versions ?? []), ...events].filter((v) => v !== "0");
    const version = candidates[(i * 7) % Math.max(candidates.length, 1)] ?? "1.0.0";
    spread.push({ ecosystem: a.package.ecosystem, name: a.package.name, version });
    break;
  }
}

// 3. 10,000 queries over the heaviest packages of the real Go and PyPI databases (every package with 50 records or
// more: TensorFlow, Mattermost, Go's stdlib, Django, ... up to ~300 records each), round-robin, each at the
// versions its records name: what a fleet's monitoring or a big batch asks again and again
const heavy = heavyQueries(dbPath);

for (const [label, queries] of [
  ["spread over every record", spread],
  ["heavy Go and PyPI packages", heavy],
] as const) {
  const batchFile = join(dir, `batch-${label.length}.json`);
  const out = join(dir, `batch-${label.length}.out.json`);
  writeFileSync(
    batchFile,
    JSON.stringify({
      queries: queries.map((q) => ({
        package: { ecosystem: q.ecosystem, name: q.name },
        version: q.version,
      })),
    }),
  );
  const runs = [0, 1, 2, 3, 4].map(() =>
    cli(["query", "--db", dbPath, "--batch", batchFile, "--output", out]),
  );
  const results = JSON.parse(readFileSync(out, "utf8")).results as { vulns?: unknown[] }[];
  const matched = results.filter((r) => r.vulns).length;
  const vulns = results.reduce((n, r) => n + (r.vulns?.length ?? 0), 0);
  console.log(
    `bulwark query --batch, 10,000 queries, ${label} (${matched} with findings, ${vulns} ids): ${summary(runs)}`,
  );
}

// 4. a single query process, start to exit
const single = Array.from({ length: 7 }, () => cli(["query", "--db", dbPath, "pkg:pypi/django@1.11.29"]));
const help = Array.from({ length: 7 }, () => cli(["--help"]));
console.log(`bulwark query <purl>, start to exit: ${summary(single)} (bulwark --help: ${summary(help)})`);

// 5. per-query cost at 1x and 10x the database size (the corpus under 10 renamed copies), fresh caches
const bigPath = join(dir, "ten-times.db");
const big = await openAdvisoryDatabase({ path: bigPath, mode: "write" });
const bigStart = performance.now();
for (let copy = 0; copy < 10; copy++)
  await big.writer!.write(copy === 0 ? records : records.map((r) => renamed(r, copy)));
console.log(
  `10x database: ${(await big.reader.status()).records} records built in ${ms(performance.now() - bigStart)}`,
);
await big.close();
for (const [label, path] of [
  ["1x", dbPath],
  ["10x", bigPath],
] as const) {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const db = await openAdvisoryDatabase({ path }); // fresh caches each run
    const start = performance.now();
    for (const q of spread) await db.reader.query(q);
    runs.push((performance.now() - start) / spread.length);
    await db.close();
  }
  console.log(
    `per-query cost on the ${label} database (10,000 queries, whole records, fresh caches): median ${(median(runs) * 1000).toFixed(1)} µs`,
  );
}

// 6. memory of an import far bigger than one write batch: a synthetic all.zip of the corpus records under
// renamed copies (written with data descriptors, as streaming zip writers do)
const copies = Number(process.env.SYNTHETIC_COPIES ?? 24);
const synthetic = join(dir, "synthetic-all.zip");
const jsonBytes = await writeSyntheticZip(synthetic, records, copies);
const syntheticRun = cli(["db", "import", "--db", join(dir, "synthetic.db"), synthetic]);
console.log(
  `import of a synthetic all.zip (${copies} x the corpus: ${(records.length * copies).toLocaleString("en")} records, ${mb(jsonBytes)} of JSON): wall ${ms(syntheticRun.ms)}, CPU ${ms(syntheticRun.cpuMs)}, peak RSS ${mb(syntheticRun.rss)}`,
);

// 7. storing the JSON compressed: size saved vs the cost of inflating each record read
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

function heavyQueries(path: string): AdvisoryQuery[] {
  const sqlite = new Database(path, { readonly: true });
  try {
    const packages = sqlite
      .prepare<[], { ecosystem: string; name: string; n: number }>(
        `SELECT ecosystem, name, COUNT(DISTINCT record_id) AS n FROM package_index WHERE ecosystem IN ('Go', 'PyPI')
         GROUP BY ecosystem, name HAVING n >= 50 ORDER BY n DESC, name`,
      )
      .all()
      .map((p) => {
        const versions = new Set<string>();
        const rows = sqlite
          .prepare<[string, string], string>(
            "SELECT match_json FROM records WHERE id IN (SELECT record_id FROM package_index WHERE ecosystem = ? AND name = ?) ORDER BY id",
          )
          .pluck()
          .all(p.ecosystem, p.name);
        for (const json of rows)
          for (const a of (JSON.parse(json) as OsvRecord).affected ?? [])
            for (const range of a.ranges ?? [])
              if (range.type !== "GIT")
                for (const e of range.events) {
                  const v = e.fixed ?? e.introduced ?? e.last_affected;
                  if (v && v !== "0") versions.add(v);
                }
        return { ...p, versions: [...versions] };
      });
    const queries: AdvisoryQuery[] = [];
    for (let i = 0; queries.length < 10_000; i++)
      for (const p of packages)
        if (queries.length < 10_000)
          queries.push({
            ecosystem: p.ecosystem,
            name: p.name,
            version: p.versions[(i * 7) % p.versions.length]!,
          });
    return queries;
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

/** Streams a zip of `copies` renamed copies of the records to `file`; returns the bytes of JSON written. */
async function writeSyntheticZip(file: string, list: OsvRecord[], copies: number): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  const zip = new Zip((error, data) => {
    if (error) throw error;
    out.write(data);
  });
  for (let copy = 0; copy < copies; copy++)
    for (const r of list) {
      const json = strToU8(JSON.stringify(copy === 0 ? r : renamed(r, copy)));
      bytes += json.length;
      const entry = new ZipDeflate(`${r.id}-c${copy}.json`, { level: 1 });
      zip.add(entry);
      entry.push(json, true);
    }
  zip.end();
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return bytes;
}
