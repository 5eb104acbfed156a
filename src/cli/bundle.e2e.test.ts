import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { corpusPath, REPO_ROOT } from "../testing/corpus.js";

// End-to-end on the bundled CLI (scripts/bundle.mjs, built by `npm run build`): what bin/bulwark.js runs. It
// must answer exactly as the tsc build of the same sources, and keep parsers in chunks of their own.

const BUNDLE = join(REPO_ROOT, "dist", "bundle", "bulwark.js");
const COMPILED = join(REPO_ROOT, "dist", "cli", "main.js");

// Records every module file Node loads (a loader hook in the child process), then runs the CLI's main().
const HOOK = `export async function load(url, context, next) {
  const r = await next(url, context);
  process.stderr.write("LOADED " + url + "\\n");
  return r;
}`;

function runEntry(entry: string, args: string[], options: { recordLoads?: boolean } = {}) {
  const script = `
    ${options.recordLoads ? `import { register } from "node:module"; register("data:text/javascript," + encodeURIComponent(${JSON.stringify(HOOK)}));` : ""}
    const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)});
    process.exitCode = await main(process.argv.slice(1));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, "--", ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", SOURCE_DATE_EPOCH: "1767225600" },
    maxBuffer: 64 * 1024 * 1024,
  });
  const loaded = [...r.stderr.matchAll(/^LOADED (file:\S+)$/gm)].map((m) => fileURLToPath(m[1] as string));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^LOADED .*\n/gm, ""), loaded };
}

/** The sources esbuild bundled into the files loaded from dist/bundle/ (it names each in a `// path` comment). */
function bundledSources(loaded: string[]): string[] {
  return loaded
    .filter((file) => file.startsWith(join(REPO_ROOT, "dist", "bundle")))
    .flatMap((file) => [...readFileSync(file, "utf8").matchAll(/^\/\/ (\S+)$/gm)].map((m) => m[1] as string));
}

const PARSING_LIBRARIES = /node_modules\/(js-yaml|smol-toml|fast-xml-parser)\//;

describe("the bundled CLI", () => {
  it("writes the same CycloneDX and SPDX documents as the tsc build", () => {
    assert.ok(existsSync(BUNDLE), "dist/bundle/bulwark.js is missing: run `npm run build`");
    for (const format of ["cyclonedx", "spdx"]) {
      const args = ["sbom", corpusPath("projects", "dependency-track-frontend"), "--format", format];
      const bundled = runEntry(BUNDLE, args);
      const compiled = runEntry(COMPILED, args);
      assert.equal(bundled.code, 0, bundled.stderr);
      assert.equal(compiled.code, 0, compiled.stderr);
      assert.ok(bundled.stdout.length > 1_000_000, `${format}: a whole document`);
      assert.equal(bundled.stdout, compiled.stdout, `${format}: same bytes`);
    }
  });

  it("reports errors as the tsc build does", () => {
    const args = ["sbom", join(REPO_ROOT, "no-such-folder")];
    const bundled = runEntry(BUNDLE, args);
    assert.equal(bundled.code, 2);
    assert.equal(bundled.stderr, runEntry(COMPILED, args).stderr);
    assert.match(bundled.stderr, /path not found/);
  });

  it("loads parsers on demand: none for --version, only package-lock's for an npm project", () => {
    const version = runEntry(BUNDLE, ["--version"], { recordLoads: true });
    assert.equal(version.code, 0, version.stderr);
    const atStart = bundledSources(version.loaded);
    assert.ok(
      atStart.some((s) => s.endsWith("src/cli/main.ts")),
      "the loads are recorded",
    );
    assert.deepEqual(
      atStart.filter((s) => s.includes("src/ecosystems/") || s.includes("src/inventory/")),
      [],
      "no inventory or ecosystem module at start",
    );

    const npm = runEntry(BUNDLE, ["sbom", corpusPath("projects", "dependency-track-frontend")], {
      recordLoads: true,
    });
    assert.equal(npm.code, 0, npm.stderr);
    const forNpm = bundledSources(npm.loaded);
    assert.ok(forNpm.some((s) => s.endsWith("src/ecosystems/npm/package-lock.ts")));
    assert.deepEqual(
      forNpm.filter((s) => PARSING_LIBRARIES.test(s) || s.endsWith("src/ecosystems/npm/pnpm-lock.ts")),
      [],
    );

    // The same check sees a YAML lockfile's parser and library when a project has one (so it can fail).
    const pnpm = runEntry(BUNDLE, ["sbom", corpusPath("projects", "renovate")], { recordLoads: true });
    assert.equal(pnpm.code, 0, pnpm.stderr);
    const forPnpm = bundledSources(pnpm.loaded);
    assert.ok(forPnpm.some((s) => s.endsWith("src/ecosystems/npm/pnpm-lock.ts")));
    assert.ok(forPnpm.some((s) => /node_modules\/js-yaml\//.test(s)));
  });
});
