#!/usr/bin/env node
// Runs every bench/*.ts (or the ones named) one after another and lets each print its figures.
// Benchmarks measure; they never fail a build. Run `npm run build` first: several spawn the real CLI.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const named = process.argv.slice(2);
const files = (
  named.length > 0
    ? named
    : readdirSync("bench")
        .filter((f) => f.endsWith(".ts"))
        .sort()
).map((f) => (f.includes("/") ? f : join("bench", f)));
let failed = 0;
for (const file of files) {
  console.log(`\n## ${file}`);
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", file], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
if (failed > 0) console.log(`\n${failed} benchmark(s) could not run`);
