// Benchmarks of the inventory core and the npm/PyPI extractors: in-process parse times of the real
// projects' lockfiles (median of runs, heap growth), an in-process inventory() of all corpus projects, and
// end-to-end `bulwark inventory` processes over all of corpus/projects (wall time median, peak RSS).
// Prints figures; never asserts. Build first (`npm run build`): the end-to-end part spawns the real CLI.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { bunLockExtractor } from "../src/ecosystems/npm/bun-lock.js";
import { packageLockExtractor } from "../src/ecosystems/npm/package-lock.js";
import { pnpmLockExtractor } from "../src/ecosystems/npm/pnpm-lock.js";
import { yarnLockExtractor } from "../src/ecosystems/npm/yarn-lock.js";
import { poetryLockExtractor } from "../src/ecosystems/pypi/poetry-lock.js";
import { uvLockExtractor } from "../src/ecosystems/pypi/uv-lock.js";
import type { Extractor } from "../src/ecosystems/types.js";
import { inventory } from "../src/inventory/index.js";
import { CLI_BIN, corpusPath } from "../src/testing/corpus.js";

const RUNS = 11;
const RSS_PROBE = `data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("maxrss-kb:"+u.maxRSS+" cpu-ms:"+(u.userCPUTime+u.systemCPUTime)/1000+"\\n")})`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Wall time and CPU time (user+system) per run: CPU time stays meaningful when the machine is busy. The
 * heap is collected once before the series, not before each run: a forced full GC before every run flushes
 * V8's compiled code and type feedback, and made every run as slow as a first one (3x here).
 */
async function measure(
  fn: () => unknown,
): Promise<{ ms: number; cpuMs: number; heapMb: number; count: number }> {
  const times: number[] = [];
  const cpu: number[] = [];
  let heapMb = 0;
  let count = 0;
  globalThis.gc?.();
  for (let i = 0; i < RUNS; i++) {
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = (await fn()) as { packages: unknown[] };
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
    heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - before) / 2 ** 20);
    count = result.packages.length;
  }
  return { ms: median(times), cpuMs: median(cpu), heapMb, count };
}

function row(label: string, r: { ms: number; cpuMs: number; heapMb: number; count: number }): void {
  console.log(
    `${label.padEnd(66)} ${r.ms.toFixed(1).padStart(7)} ms wall ${r.cpuMs.toFixed(1).padStart(7)} ms cpu  ${String(r.count).padStart(5)} packages  +${r.heapMb.toFixed(1)} MB heap`,
  );
}

const parses: [string, Extractor, string][] = [
  [
    "dependency-track-frontend package-lock.json (v2, 1,749 entries)",
    packageLockExtractor,
    "projects/dependency-track-frontend/package-lock.json",
  ],
  [
    "sigstore-js package-lock.json (v3, workspaces)",
    packageLockExtractor,
    "projects/sigstore-js/package-lock.json",
  ],
  ["renovate pnpm-lock.yaml (v9, 1,219 packages)", pnpmLockExtractor, "projects/renovate/pnpm-lock.yaml"],
  ["osv.dev poetry.lock (63 packages)", poetryLockExtractor, "projects/osv.dev/poetry.lock"],
  ["yarn.lock v1 fixture (commits)", yarnLockExtractor, "lockfiles/javascript/yarnlock/commits.v1.lock"],
  ["bun.lock fixture (commits)", bunLockExtractor, "lockfiles/javascript/bunlock/commits.json5"],
  ["uv.lock fixture (grouped)", uvLockExtractor, "lockfiles/python/uvlock/grouped-packages.lock"],
];

console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}; median of ${RUNS} runs\n`,
);
console.log("In-process parse (file already read):");
for (const [label, extractor, rel] of parses) {
  const text = readFileSync(corpusPath(rel), "utf8");
  const input = { path: rel, text, readFile: async () => undefined };
  row(label, await measure(() => extractor.extract(input)));
}

console.log("\nCold: the first parse in a new process (as the CLI does it; built dist/):");
const lock = corpusPath("projects/dependency-track-frontend/package-lock.json");
const coldScript = `import { readFileSync } from "node:fs";
  const { extractPackageLock } = await import(${JSON.stringify(new URL("../dist/ecosystems/npm/package-lock.js", import.meta.url).href)});
  const text = readFileSync(${JSON.stringify(lock)}, "utf8");
  const c = process.cpuUsage(); const t = performance.now();
  const n = (await extractPackageLock({ path: "package-lock.json", text, readFile: async () => undefined })).packages.length;
  const u = process.cpuUsage(c);
  console.log(JSON.stringify({ ms: performance.now() - t, cpuMs: (u.user + u.system) / 1000, n }));`;
const cold: { ms: number; cpuMs: number; n: number }[] = [];
for (let i = 0; i < 5; i++) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", coldScript], { encoding: "utf8" });
  if (r.status === 0) cold.push(JSON.parse(r.stdout));
}
if (cold.length > 0) {
  console.log(
    `dependency-track-frontend package-lock.json, first call`.padEnd(66) +
      ` ${median(cold.map((c) => c.ms))
        .toFixed(1)
        .padStart(7)} ms wall ${median(cold.map((c) => c.cpuMs))
        .toFixed(1)
        .padStart(7)} ms cpu  (median of ${cold.length} processes)`,
  );
} else console.log("  (build first: dist/ is missing)");

console.log("\nIn-process inventory() (walk + read + extract + merge):");
row("all of corpus/projects", await measure(() => inventory([corpusPath("projects")])));

console.log(
  "\nEnd to end: `node bin/bulwark.js inventory <corpus/projects> --format json` (a new process each run):",
);
const times: number[] = [];
const childCpu: number[] = [];
let rssKb = 0;
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    ["--import", RSS_PROBE, CLI_BIN, "inventory", corpusPath("projects"), "--format", "json"],
    {
      encoding: "utf8",
      maxBuffer: 256 * 2 ** 20,
    },
  );
  times.push(performance.now() - started);
  if (r.status !== 0) {
    console.log(`  the CLI failed (build first?): ${r.stderr.slice(0, 300)}`);
    process.exit(0);
  }
  rssKb = Math.max(rssKb, Number(/maxrss-kb:(\d+)/.exec(r.stderr)?.[1] ?? 0));
  childCpu.push(Number(/cpu-ms:([\d.]+)/.exec(r.stderr)?.[1] ?? 0));
  if (i === 0) {
    const doc = JSON.parse(r.stdout);
    console.log(
      `  ${doc.packages.length} packages from ${doc.sources.length} files, ${doc.errors.length} errors`,
    );
  }
}
console.log(
  `  wall time median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}); CPU time median ${median(childCpu).toFixed(0)} ms; peak RSS ${(rssKb / 1024).toFixed(0)} MB`,
);

const cdxgen = spawnSync("cdxgen", ["--version"], { encoding: "utf8" });
console.log(
  cdxgen.error
    ? "\ncdxgen: not installed on this machine, no comparison run"
    : `\ncdxgen ${cdxgen.stdout.trim()} is installed`,
);
