import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor } from "../../testing/extractor-kit.js";
import { parseUses } from "./action-reference.js";
import { workflowExtractor as extractor } from "./workflow.js";

// corpus/lockfiles/misc/githubactions has fixtures but no expected.json: the expectations below are read off
// the fixtures themselves (each `uses:` line).
const read = (name: string) => readFileSync(corpusPath("lockfiles/misc/githubactions", name), "utf8");
const run = (name: string) =>
  extractor.extract({ path: `.github/workflows/${name}`, text: read(name), readFile: async () => undefined });
const summary = (name: string) =>
  run(name).packages.map((p) => [p.name, p.version, p.commit, p.locations.map((l) => l.line)]);

test("valid.yml: steps and reusable workflows, refs as versions, SHA refs as commits, lines", () => {
  const sha = "8e5e7e5ab8b370d6c329ec480221332ada57f0ab";
  const pinned = "1234567890abcdef1234567890abcdef12345678";
  assert.deepEqual(summary("valid.yml"), [
    ["actions/checkout", "v4", undefined, [11]],
    ["actions/setup-node", sha, sha, [12]],
    ["actions/setup-python", "v5.0.0", undefined, [13]],
    ["docker/build-push-action", "v6", undefined, [16]],
    ["octo-org/example-repo", "v1.2.3", undefined, [21]],
    ["octo-org/example-repo", pinned, pinned, [24]],
  ]);
  const [checkout] = run("valid.yml").packages;
  assert.equal(checkout?.purl, "pkg:github/actions/checkout@v4");
  assert.equal(checkout?.ecosystem, "GitHub Actions");
  assert.equal(run("valid.yml").errors, undefined);
});

test("edge_cases.yaml: local and docker uses are not packages; subpaths name the repository; malformed reported", () => {
  const { packages, errors } = run("edge_cases.yaml");
  assert.deepEqual(
    packages.map((p) => [p.name, p.version, p.locations.map((l) => l.line)]),
    [
      ["actions/checkout", "v4", [12]],
      ["github/codeql-action", "v3", [17, 18]],
      ["actions/cache", "main", [23]],
      ["actions/upload-artifact", "v4", [24]],
    ],
  );
  assert.deepEqual(
    errors?.map((e) => [e.line, e.message]),
    [
      [29, 'uses: "nobody" is not "owner/repo@ref": not checked'],
      [30, 'uses: "@noref" is not "owner/repo@ref": not checked'],
      [31, 'uses: "" is not "owner/repo@ref": not checked'],
      [32, 'uses: "actions/no-version@" is empty ref after @: not checked'],
    ],
  );
});

test("no_jobs.yml: no packages, no error; jobs_not_map, invalid and empty files are parse failures", async () => {
  assert.deepEqual(run("no_jobs.yml"), { packages: [] });
  await assertParseFailure(() => run("jobs_not_map.yml"), {
    path: "jobs_not_map.yml",
    message: /^"jobs" is not a mapping/,
  });
  await assertParseFailure(() => run("invalid.yml"), {
    path: "invalid.yml",
    message: /^could not extract: not valid YAML at line \d+, column \d+/,
    line: true,
    column: true,
  });
  await assertParseFailure(() => run("empty.yml"), { path: "empty.yml", message: /the file is empty/ });
});

test("a job whose steps are not a list is reported, the other jobs read", () => {
  const text = "jobs:\n  a:\n    steps: not-a-list\n  b:\n    steps:\n      - uses: actions/checkout@v4\n";
  const { packages, errors } = extractor.extract({ path: "ci.yml", text, readFile: async () => undefined });
  assert.deepEqual(
    packages.map((p) => p.name),
    ["actions/checkout"],
  );
  assert.deepEqual(errors, [{ path: "ci.yml", message: "jobs.a.steps is not a list" }]);
});

test("composite action.yml: runs.steps uses", () => {
  // hand-written composite action metadata
  const text =
    "name: x\nruns:\n  using: composite\n  steps:\n    - uses: actions/cache@v4 # pinned later\n    - run: echo\n";
  const { packages } = extractor.extract({ path: "tools/action.yml", text, readFile: async () => undefined });
  assert.deepEqual(
    packages.map((p) => [p.name, p.version, p.locations[0]?.line]),
    [["actions/cache", "v4", 5]],
  );
});

test("matches workflow folders and action metadata only", () => {
  for (const p of [
    ".github/workflows/ci.yml",
    "sub/.github/workflows/x.yaml",
    "action.yml",
    "a/b/action.yaml",
  ]) {
    assert.ok(extractor.matches(p), p);
  }
  for (const p of [
    ".github/dependabot.yml",
    "workflows/ci.yml",
    ".github/workflows/sub/ci.yml",
    "my-action.yml",
  ]) {
    assert.ok(!extractor.matches(p), p);
  }
});

test("parseUses", () => {
  assert.deepEqual(parseUses("docker://alpine:3.18"), { kind: "docker" });
  assert.deepEqual(parseUses("./x"), { kind: "local" });
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
  assert.equal(parseUses("${{ matrix.action }}").kind, "invalid");
  assert.deepEqual(parseUses("owner/repo/path/to@ABCDEF0123456789abcdef0123456789ABCDEF01"), {
    kind: "action",
    name: "owner/repo",
    ref: "ABCDEF0123456789abcdef0123456789ABCDEF01",
    commit: "abcdef0123456789abcdef0123456789abcdef01",
  });
});

test("bad input is a parse failure that does not repeat the path", async () => {
  for (const text of ["\u0000\u00ff", "- a", "jobs: [", `jobs: ${"[".repeat(50_000)}`]) {
    const path = ".github/workflows/ci.yml";
    await assertParseFailure(() => extractor.extract({ path, text, readFile: async () => undefined }), {
      path,
    });
  }
});

test("Scorecard's real workflow fixtures: every remote uses: line is a package location or a reported error", () => {
  const dir = corpusPath("scorecard/.github/workflows");
  let uses = 0;
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    const text = readFileSync(join(dir, file), "utf8");
    const { packages, errors } = extractor.extract({
      path: `.github/workflows/${file}`,
      text,
      readFile: async () => undefined,
    });
    // independent count: `uses:` lines of the text that are neither local nor docker
    const remote = text
      .split("\n")
      .filter((l) => /^\s*(-\s+)?uses:\s*["']?(?!\.{1,2}\/|docker:\/\/)\S/.test(l));
    const found = packages
      .flatMap((p) => p.locations.map((l) => l.line))
      .concat((errors ?? []).map((e) => e.line));
    assert.equal(found.length, remote.length, file);
    assert.ok(
      found.every((line) => line !== undefined && /uses:/.test(text.split("\n")[line - 1] ?? "")),
      file,
    );
    uses += remote.length;
  }
  assert.ok(uses > 80, `${uses} uses`);
});

fuzzExtractor(extractor, ".github/workflows/ci.yml", read("valid.yml"));
