// `bulwark sbom` of dependency-track-frontend (package-lock v3, ~1,750 entries) as a fresh process, and
// cdxgen on the same project when it is installed (FETCH_LICENSE=false, no install; `CDXGEN=path` when it
// is not on PATH), with the ratio.
// Prints figures; never asserts. Run `npx tsc -p tsconfig.build.json` first (the CLI runs from dist/).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { corpusPath } from "../src/testing/corpus.js";
import { machineLine, median, runCli } from "./lib/process-timing.js";

const RUNS = 7;
const project = corpusPath("projects", "dependency-track-frontend");
const out = mkdtempSync(join(tmpdir(), "bulwark-bench-sbom-"));
console.log(machineLine(RUNS));
try {
  const results: Record<string, number> = {};
  for (const format of ["cyclonedx", "spdx"]) {
    const args = ["sbom", project, "--format", format, "--output", join(out, `bom.${format}.json`)];
    runCli(args); // warm the file cache
    const runs = Array.from({ length: RUNS }, () => runCli(args));
    results[format] = median(runs.map((r) => r.ms));
    console.log(
      `bulwark sbom --format ${format.padEnd(9)} wall median ${results[format].toFixed(0)} ms (min ${Math.min(...runs.map((r) => r.ms)).toFixed(0)})  CPU median ${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms  peak RSS ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB`,
    );
  }
  // CDXGEN names the binary when it is not on PATH (e.g. a local `npm i @cyclonedx/cdxgen`).
  const which = process.env.CDXGEN
    ? { status: 0, stdout: process.env.CDXGEN }
    : spawnSync("sh", ["-c", "command -v cdxgen"], { encoding: "utf8" });
  if (which.status !== 0) {
    console.log(
      "cdxgen: not installed, no comparison (install it with `npm i -g @cyclonedx/cdxgen` to compare)",
    );
  } else {
    const times = Array.from({ length: 3 }, () => {
      const started = performance.now();
      spawnSync(which.stdout.trim(), ["-o", join(out, "cdxgen.json"), "--no-install-deps", project], {
        env: { ...process.env, FETCH_LICENSE: "false" },
      });
      return performance.now() - started;
    });
    const cdxgen = median(times);
    console.log(
      `cdxgen: median ${cdxgen.toFixed(0)} ms; bulwark sbom is ${(cdxgen / (results.cyclonedx ?? Number.NaN)).toFixed(1)}x faster`,
    );
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
