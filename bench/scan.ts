// Benchmarks of `bulwark scan`: end-to-end process timings (spawned CLI, median of runs) and peak memory, on
// the corpus projects with a database imported from the corpus OSV records. Prints figures; never asserts.
// Run `npx tsc -p tsconfig.build.json` first (the CLI runs from dist/).
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { buildCorpusDatabase } from "../src/scan/test-support.js";
import { CLI_BIN, corpusPath } from "../src/testing/corpus.js";

const RUNS = 7;
// Prints the child's peak RSS when it exits (kB on Linux).
const RSS_PROBE = `data:text/javascript,process.on("exit",()=>process.stderr.write("maxrss-kb:"+process.resourceUsage().maxRSS+"\\n"))`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function runCli(
  args: string[],
  probe = false,
): { ms: number; status: number | null; rssMb?: number; stderr: string } {
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    [...(probe ? ["--import", RSS_PROBE] : []), CLI_BIN, "scan", ...args],
    {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    },
  );
  const ms = performance.now() - started;
  const rss = /maxrss-kb:(\d+)/.exec(r.stderr)?.[1];
  return { ms, status: r.status, rssMb: rss ? Number(rss) / 1024 : undefined, stderr: r.stderr };
}

function measure(label: string, args: string[]): void {
  const first = runCli(args);
  if (first.status !== 0 && first.status !== 1) {
    console.log(`${label}: failed (exit ${first.status}): ${first.stderr.trim()}`);
    return;
  }
  const times = Array.from({ length: RUNS }, () => runCli(args).ms);
  const rss = runCli(args, true).rssMb;
  console.log(
    `${label.padEnd(42)} median ${median(times).toFixed(0).padStart(5)} ms  (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})  peak RSS ${rss?.toFixed(0) ?? "?"} MB`,
  );
}

console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}; ${RUNS} runs each`,
);
let started = performance.now();
const db = await buildCorpusDatabase();
console.log(
  `corpus database import (go + pypi + ghsa-and-others): ${(performance.now() - started).toFixed(0)} ms`,
);
try {
  const base = ["--db", db.path, "--format", "json", "--output", "/dev/null", "--offline"];
  const projects = [
    "dependency-track-frontend",
    "sigstore-js",
    "renovate",
    "guac",
    "scorecard",
    "osv.dev",
    "dependency-track-apiserver",
  ];
  for (const name of projects) measure(`scan ${name}`, [corpusPath("projects", name), ...base]);
  measure("scan all corpus projects (one run)", [corpusPath("projects"), ...base]);
  measure("scan dependency-track-frontend --format table", [
    corpusPath("projects", "dependency-track-frontend"),
    "--db",
    db.path,
    "--output",
    "/dev/null",
  ]);
  measure("scan dependency-track-frontend --format html", [
    corpusPath("projects", "dependency-track-frontend"),
    "--db",
    db.path,
    "--format",
    "html",
    "--output",
    "/dev/null",
  ]);
  measure("scan scorecard --format sarif", [
    corpusPath("projects", "scorecard"),
    "--db",
    db.path,
    "--format",
    "sarif",
    "--output",
    "/dev/null",
  ]);
  started = performance.now();
  const help = Array.from({ length: RUNS }, () => {
    const t = performance.now();
    spawnSync(process.execPath, [CLI_BIN, "--version"]);
    return performance.now() - t;
  });
  console.log(
    `${"bulwark --version (process start-up floor)".padEnd(42)} median ${median(help).toFixed(0).padStart(5)} ms`,
  );
} finally {
  db.cleanup();
}
