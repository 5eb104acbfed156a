#!/usr/bin/env node
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
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
