#!/usr/bin/env node
import { statSync } from "node:fs";

// The bundled CLI (scripts/bundle.mjs: `npm run build`, and `npm ci` through `prepare`). When the tsc build of
// the same sources is newer (`tsc -p tsconfig.build.json` run alone), that one: never a stale bundle.
const bundle = new URL("../dist/bundle/bulwark.js", import.meta.url);
const compiled = new URL("../dist/cli/main.js", import.meta.url);
const bundleTime = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const compiledTime = statSync(compiled, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const entry = compiledTime > bundleTime ? compiled : bundle;
if (Math.max(bundleTime, compiledTime) < 0) {
  console.error(
    "bulwark: the build is missing (dist/). Run `npm ci` or `npm run build` in the bulwark folder.",
  );
  process.exit(2);
}
// A closed pipe (`bulwark ... | head`) ends the output quietly, as other command-line tools do.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
// The command is done: exit once standard output and error are flushed. Left to itself, Node would first wait
// for V8's background work (optimising compiles, concurrent GC) that no longer matters: 30-200 ms of a
// `bulwark sbom` on a busy machine.
let streams = 2;
const flushed = () => {
  if (--streams === 0) process.exit();
};
process.stdout.write("", flushed);
process.stderr.write("", flushed);
