import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { CLI_BIN, corpusPath, REPO_ROOT } from "../../testing/corpus.js";

// End-to-end: these spawn the built CLI (npm test builds it first; or `npx tsc -p tsconfig.build.json`).
const temp = mkdtempSync(join(tmpdir(), "bulwark-inventory-cli-"));
after(() => rmSync(temp, { recursive: true, force: true }));

function bulwark(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], {
    maxBuffer: 256 * 1024 * 1024,
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("inventory --format json over a corpus project: the documented shape", () => {
  const { code, stdout } = bulwark(
    ["inventory", "dependency-track-frontend", "--format", "json"],
    corpusPath("projects"),
  );
  assert.equal(code, 0);
  const doc = JSON.parse(stdout);
  assert.deepEqual(Object.keys(doc), ["packages", "sources", "errors"]);
  assert.deepEqual(doc.sources, [
    { path: "package-lock.json", format: "package-lock.json" }, // relative to the folder read
  ]);
  assert.deepEqual(doc.errors, []);
  assert.equal(
    new Set(doc.packages.map((p: { name: string; version: string }) => `${p.name}@${p.version}`)).size,
    1445,
  );
  const p = doc.packages[0];
  assert.deepEqual(Object.keys(p), [
    "ecosystem",
    "name",
    "version",
    "purl",
    "direct",
    "groups",
    "locations",
    "dependencies",
    "hashes", // the lockfile's integrity hash; licences too where the lockfile records them
  ]);
  assert.equal(p.ecosystem, "npm");
  assert.equal(p.locations[0].path, "package-lock.json");
  assert.equal(typeof p.locations[0].line, "number");
});

test("inventory table: rows, summary line; errors listed with exit code 0", () => {
  writeFileSync(join(temp, "package-lock.json"), '{"lockfileVersion": 3, "packages": {');
  writeFileSync(join(temp, "yarn.lock"), '# yarn lockfile v1\n\nleft-pad@^1.3.0:\n  version "1.3.0"\n');
  const { code, stdout } = bulwark(["inventory", temp]);
  assert.equal(code, 0);
  assert.match(stdout, /^ECOSYSTEM\s+NAME\s+VERSION\s+DEPENDENCY\s+GROUPS\s+LOCATION$/m);
  assert.match(stdout, /^npm\s+left-pad\s+1\.3\.0\s+-\s+-\s+.*yarn\.lock:3$/m);
  assert.match(
    stdout,
    /1 package \(0 direct, 0 transitive, 0 unresolved\) in 1 ecosystem from 1 file; 1 error/,
  );
  assert.match(stdout, /package-lock\.json:1: package-lock\.json: could not extract: not valid JSON/);
});

test("inventory --lockfile TYPE:PATH, --exclude and --output", () => {
  writeFileSync(join(temp, "deps.txt"), '# yarn lockfile v1\n\nright-pad@^1.0.0:\n  version "1.0.1"\n');
  const out = join(temp, "out.json");
  const { code } = bulwark([
    "inventory",
    temp,
    "--lockfile",
    `yarn.lock:${join(temp, "deps.txt")}`,
    "--exclude",
    "package-lock.json",
    "--format",
    "json",
    "--output",
    out,
  ]);
  assert.equal(code, 0);
  const doc = JSON.parse(readFileSync(out, "utf8"));
  assert.deepEqual(
    doc.packages.map((p: { purl: string }) => p.purl),
    ["pkg:npm/left-pad@1.3.0", "pkg:npm/right-pad@1.0.1"],
  );
  assert.deepEqual(doc.errors, [], "the excluded broken lockfile is not read");
});

test("inventory: a missing path or a bad --lockfile value exits 2 with a hint", () => {
  const missing = bulwark(["inventory", join(temp, "nope")]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /path not found/);
  const bad = bulwark(["inventory", "--lockfile", "nocolon"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /is not TYPE:PATH/);
  const unknown = bulwark(["inventory", "--lockfile", `foo.lock:${join(temp, "yarn.lock")}`]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown lockfile format "foo\.lock"[\s\S]*use one of: .*package-lock\.json/);
});

test("inventory over all corpus projects: every lockfile read, package.json files superseded, exit 0", () => {
  const { code, stdout } = bulwark(["inventory", ".", "--format", "json"], corpusPath("projects"));
  assert.equal(code, 0);
  const doc = JSON.parse(stdout);
  const sources = doc.sources.map((s: { path: string; format: string }) => `${s.path} ${s.format}`);
  for (const expected of [
    "dependency-track-frontend/package-lock.json package-lock.json",
    "sigstore-js/package-lock.json package-lock.json",
    "renovate/pnpm-lock.yaml pnpm-lock.yaml",
    "osv.dev/poetry.lock poetry.lock",
  ]) {
    assert.ok(sources.includes(expected), expected);
  }
  assert.ok(!sources.some((s: string) => s.includes("package.json")));
  const ecosystems = new Set(doc.packages.map((p: { ecosystem: string }) => p.ecosystem));
  assert.ok(ecosystems.has("npm") && ecosystems.has("PyPI"));
});
