// How long the core blocks the event loop when a server hosts it: the longest stall (perf_hooks
// monitorEventLoopDelay, 1 ms resolution, and the longest gap between ticks of a 1 ms timer) while the biggest
// corpus project is inventoried and scanned in-process, and while the largest corpus lockfile is parsed.
// An idle wait gives the noise floor (a busy machine preempts the process, which also shows as delay).
// Prints figures; never asserts. docs/architecture.md ("Event loop") says what the figures are for.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { packageLockExtractor } from "../src/ecosystems/npm/package-lock.js";
import { inventory, inventorySource } from "../src/inventory/index.js";
import { MemorySource } from "../src/inventory/memory-source.js";
import { scan } from "../src/scan/index.js";
import { corpusPath } from "../src/testing/corpus.js";
import { buildCorpusDatabase } from "../src/testing/corpus-advisories.js";

// With V8's default parallel GC, process.cpuUsage() counts helper threads too; on one GC thread the CPU
// time between two turns of the loop is the main thread's (GC pauses included, as they block it as well).
if (!process.execArgv.includes("--single-threaded-gc")) {
  const args = ["--single-threaded-gc", ...process.execArgv, fileURLToPath(import.meta.url)];
  process.exit(spawnSync(process.execPath, args, { stdio: "inherit" }).status ?? 1);
}

const RUNS = 5;
/** A stall a server's other requests would feel; the bound is "tens of milliseconds". */
const STALL_MS = 50;
const BIGGEST_PROJECT = "dependency-track-frontend";
const LARGEST_LOCKFILE = "projects/dependency-track-frontend/package-lock.json";

interface Stalls {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  /** Longest gap between two turns of the loop (see `tick`). */
  maxGapMs: number;
  /** Gaps longer than STALL_MS. */
  longGaps: number;
  /**
   * The most CPU time the process used between two ticks: the cost of the longest stretch without a turn of
   * the loop, whatever the machine's load (a busy machine stretches wall time, not CPU time).
   */
  maxGapCpuMs: number;
  wallMs: number;
  cpuMs: number;
}

/** Runs `work` RUNS times while watching the event loop. */
async function watch(work: () => Promise<unknown>): Promise<Stalls> {
  globalThis.gc?.();
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  // A chain of setImmediate callbacks: one runs in every turn of the loop (its check phase, right after
  // the poll phase that serves sockets and files), so the longest gap between two of them is the longest
  // any I/O callback waited. A timer (as the histogram uses) can miss turns: a setImmediate yield taken
  // inside the check phase returns in the next turn's check phase without passing the timers phase.
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let maxGapMs = 0;
  let maxGapCpuMs = 0;
  let longGaps = 0;
  let ticking = true;
  const tick = () => {
    const now = performance.now();
    const gap = now - last;
    const cpu = process.cpuUsage(lastCpu);
    maxGapMs = Math.max(maxGapMs, gap);
    maxGapCpuMs = Math.max(maxGapCpuMs, (cpu.user + cpu.system) / 1000);
    if (gap > STALL_MS) longGaps++;
    last = now;
    lastCpu = process.cpuUsage();
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  await sleep(20); // the ticker's first tick
  histogram.enable();
  last = performance.now();
  lastCpu = process.cpuUsage();
  maxGapMs = 0;
  maxGapCpuMs = 0;
  let wallMs = 0;
  let cpuMs = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await work();
    const used = process.cpuUsage(cpu);
    wallMs += performance.now() - started;
    cpuMs += (used.user + used.system) / 1000;
    // A few turns of the loop, so that work that never gives one (synchronous, or microtasks only) is
    // recorded as one stall per run rather than one for the whole series, and the histogram's late timer fires.
    await sleep(3);
  }
  histogram.disable();
  ticking = false;
  return {
    maxMs: histogram.max / 1e6,
    p99Ms: histogram.percentile(99) / 1e6,
    meanMs: histogram.mean / 1e6,
    maxGapMs,
    maxGapCpuMs,
    longGaps,
    wallMs: wallMs / RUNS,
    cpuMs: cpuMs / RUNS,
  };
}

function row(label: string, s: Stalls): void {
  const f = (n: number) => n.toFixed(1).padStart(6);
  console.log(
    `${label.padEnd(60)} delay max ${f(s.maxMs)} p99 ${f(s.p99Ms)} ms | longest gap ${f(s.maxGapMs)} ms ` +
      `wall ${f(s.maxGapCpuMs)} ms cpu (${s.longGaps} > ${STALL_MS} ms) | run ${f(s.wallMs)} ms wall ${f(s.cpuMs)} ms cpu`,
  );
}

console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}; ${RUNS} runs each, delays over all runs\n`,
);

const project = corpusPath("projects", BIGGEST_PROJECT);
const lockText = readFileSync(corpusPath(LARGEST_LOCKFILE), "utf8");
const advisories = await buildCorpusDatabase();
try {
  // Warm-up: parsers loaded and compiled, the advisory caches as a long-running server has them.
  await scan({ paths: [project] }, advisories.reader);

  row("idle (noise floor)", await watch(() => sleep(200)));
  row(`inventory() of ${BIGGEST_PROJECT} (disk)`, await watch(() => inventory([project])));
  row(
    `inventory of its package-lock.json from a MemorySource`,
    await watch(() =>
      inventorySource({ source: new MemorySource({ "package-lock.json": lockText }), paths: [""] }),
    ),
  );
  row(
    `scan() of ${BIGGEST_PROJECT} (disk + SQLite, warm caches)`,
    await watch(() => scan({ paths: [project] }, advisories.reader)),
  );
  row(
    `parse ${LARGEST_LOCKFILE.split("/").slice(1).join("/")} (${(lockText.length / 2 ** 20).toFixed(1)} MiB)`,
    await watch(async () =>
      packageLockExtractor.extract({
        path: "package-lock.json",
        text: lockText,
        readFile: async () => undefined,
      }),
    ),
  );
  row("JSON.parse alone of the same file", await watch(async () => JSON.parse(lockText)));
} finally {
  await advisories.cleanup();
}
