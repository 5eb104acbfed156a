// Benchmarks of `bulwark scan`: end-to-end process timings (spawned CLI, median of runs) and peak memory on
// the corpus projects, with a database imported from the corpus OSV records; then where the time goes in one
// warm process. Prints figures; never asserts. Run `npx tsc -p tsconfig.build.json` first (the CLI runs from dist/).
import { openAdvisoriesForReading } from "../src/cli/advisories.js";
import { inventory } from "../src/inventory/index.js";
import type { ScanResult } from "../src/model/finding.js";
import { renderScan, scanRenderers } from "../src/report/index.js";
import { scanInventory } from "../src/scan/index.js";
import { corpusPath } from "../src/testing/corpus.js";
import { buildCorpusDatabase } from "../src/testing/corpus-advisories.js";
import { machineLine, median, runCli } from "./lib/process-timing.js";

const RUNS = 7;
function measure(label: string, args: string[]): void {
  const first = runCli(args);
  if (first.status !== 0 && first.status !== 1) {
    console.log(`${label}: failed (exit ${first.status}): ${first.stderr.trim()}`);
    return;
  }
  const runs = Array.from({ length: RUNS }, () => runCli(args));
  const times = runs.map((r) => r.ms);
  console.log(
    `${label.padEnd(48)} wall median ${median(times).toFixed(0).padStart(5)} ms (min ${Math.min(...times).toFixed(0)})  CPU median ${median(
      runs.map((r) => r.cpuMs),
    )
      .toFixed(0)
      .padStart(4)} ms  peak RSS ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB`,
  );
}

/** Where a scan's time goes in one warm process: inventory, matching (+ grouping, paths, remediation), rendering. */
async function inProcess(dbPath: string, name: string): Promise<void> {
  const dbh = await openAdvisoriesForReading(dbPath, {});
  try {
    const inv: number[] = [];
    const match: number[] = [];
    let result: ScanResult | undefined;
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      const found = await inventory([corpusPath("projects", name)]);
      inv.push(performance.now() - t);
      t = performance.now();
      result = await scanInventory(found, dbh.reader, {
        config: { ignores: [] },
        vex: [],
        now: new Date("2026-01-01T00:00:00Z"),
      });
      match.push(performance.now() - t);
    }
    const done = result as ScanResult;
    const renders = Object.keys(scanRenderers).map((format) => {
      const times = Array.from({ length: RUNS }, () => {
        const t = performance.now();
        renderScan(done, format, { color: false });
        return performance.now() - t;
      });
      return `${format} ${median(times).toFixed(1)}`;
    });
    console.log(
      `in-process ${name}: inventory ${median(inv).toFixed(0)} ms, matching ${median(match).toFixed(0)} ms (${done.findings.length} findings); rendering ms: ${renders.join(", ")}`,
    );
  } finally {
    dbh.close();
  }
}

console.log(machineLine(RUNS));
const started = performance.now();
const db = await buildCorpusDatabase();
console.log(
  `corpus database import (go + pypi + ghsa-and-others): ${(performance.now() - started).toFixed(0)} ms`,
);
try {
  const out = ["--db", db.path, "--format", "json", "--output", "/dev/null", "--offline"];
  measure("bulwark --version (process start-up floor)", ["--version"]);
  const projects = [
    "dependency-track-frontend",
    "sigstore-js",
    "renovate",
    "guac",
    "scorecard",
    "osv.dev",
    "dependency-track-apiserver",
  ];
  for (const name of projects) measure(`scan ${name}`, ["scan", corpusPath("projects", name), ...out]);
  measure("scan all corpus projects (one run)", ["scan", corpusPath("projects"), ...out]);
  for (const format of ["table", "sarif", "html"]) {
    measure(`scan dependency-track-frontend --format ${format}`, [
      "scan",
      corpusPath("projects", "dependency-track-frontend"),
      "--db",
      db.path,
      "--format",
      format,
      "--output",
      "/dev/null",
    ]);
  }
  await inProcess(db.path, "dependency-track-frontend");
  await inProcess(db.path, "scorecard");
} finally {
  db.cleanup();
}
