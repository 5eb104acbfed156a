// `bulwark sbom` of dependency-track-frontend (package-lock v3, ~1,750 entries) as a fresh process, CycloneDX
// and SPDX, and cdxgen on the same project when it is installed (FETCH_LICENSE=false, no install; `CDXGEN=path`
// when it is not on PATH). The tools run alternately, so a busy shared machine slows both alike; each figure
// is the median of RUNS runs (wall and CPU: user + system of the whole process tree), with the load average
// before and after. Prints figures; never asserts. `npm run bench` builds first (the CLI runs from dist/).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { corpusPath } from "../src/testing/corpus.js";
import {
  loadAverage,
  machineLine,
  median,
  type ProcessRun,
  runCli,
  runCommand,
} from "./lib/process-timing.js";

const RUNS = Number(process.env.RUNS ?? 7);
const project = corpusPath("projects", "dependency-track-frontend");
const out = mkdtempSync(join(tmpdir(), "bulwark-bench-sbom-"));

/** The cdxgen binary: CDXGEN when set, else cdxgen on PATH, else undefined. */
function cdxgenBinary(): string | undefined {
  if (process.env.CDXGEN) return process.env.CDXGEN;
  const which = spawnSync("sh", ["-c", "command -v cdxgen"], { encoding: "utf8" });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

function summary(label: string, runs: ProcessRun[]): { wall: number; cpu: number } {
  const wall = median(runs.map((r) => r.ms));
  const cpu = median(runs.map((r) => r.cpuMs));
  const rss = Math.max(...runs.map((r) => r.rssMb));
  console.log(
    `${label.padEnd(26)} wall median ${wall.toFixed(0).padStart(5)} ms (min ${Math.min(...runs.map((r) => r.ms)).toFixed(0)})  CPU median ${cpu.toFixed(0).padStart(5)} ms${Number.isNaN(rss) ? "" : `  peak RSS ${rss.toFixed(0)} MB`}`,
  );
  return { wall, cpu };
}

console.log(machineLine(RUNS));
try {
  const cdxgen = cdxgenBinary();
  const tools: { label: string; run: () => ProcessRun; runs: ProcessRun[] }[] = [
    ...["cyclonedx", "spdx"].map((format) => {
      const args = ["sbom", project, "--format", format, "--output", join(out, `bom.${format}.json`)];
      return { label: `bulwark sbom --format ${format}`, run: () => runCli(args), runs: [] as ProcessRun[] };
    }),
  ];
  if (cdxgen) {
    const env = { ...process.env, FETCH_LICENSE: "false" };
    const args = ["-o", join(out, "cdxgen.json"), "--no-install-deps", project];
    tools.push({ label: "cdxgen", run: () => runCommand(cdxgen, args, env), runs: [] });
  }
  for (const tool of tools) {
    const first = tool.run(); // also warms the file cache
    if (first.status !== 0)
      throw new Error(`${tool.label} failed (exit ${first.status}): ${first.stderr.trim()}`);
  }
  const loadBefore = loadAverage();
  for (let i = 0; i < RUNS; i++) for (const tool of tools) tool.runs.push(tool.run());
  console.log(`load average ${loadBefore} before, ${loadAverage()} after; runs alternate between the tools`);
  const figures = tools.map((tool) => summary(tool.label, tool.runs));
  const bulwark = figures[0];
  const other = figures[2];
  if (!cdxgen) {
    console.log("cdxgen: not installed, no comparison (`npm i -g @cyclonedx/cdxgen`, or set CDXGEN=path)");
  } else if (bulwark && other) {
    const versionText = spawnSync(cdxgen, ["--version"], { encoding: "utf8" }).stdout;
    const version = /(\d+\.\d+\.\d+)/.exec(versionText)?.[1] ?? "(version unknown)";
    console.log(
      `bulwark sbom (CycloneDX) vs cdxgen ${version}: ${(other.wall / bulwark.wall).toFixed(1)}x faster (wall), ${(other.cpu / bulwark.cpu).toFixed(1)}x less CPU`,
    );
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
