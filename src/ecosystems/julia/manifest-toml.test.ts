import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor } from "../../testing/extractor-kit.js";
import { manifestTomlExtractor as extractor } from "./manifest-toml.js";

// corpus/lockfiles/julia/manifesttoml has fixtures but no expected.json: expectations read off the fixtures.
const read = (name: string) => readFileSync(corpusPath("lockfiles/julia/manifesttoml", name), "utf8");
const run = (text: string) =>
  extractor.extract({ path: "Manifest.toml", text, readFile: async () => undefined });
const summary = (name: string) => run(read(name)).packages.map((p) => `${p.name}@${p.version}`);

test("Manifest.toml 2.0 fixtures", () => {
  assert.deepEqual(summary("git-dependency-with-commit.toml"), [
    "DataStructures@0.17.0",
    "Unregistered@0.2.0",
  ]);
  assert.deepEqual(summary("more-than-two-dependencies.toml"), ["TOML@2.0.0", "JSON@1.0.0"]);
  assert.deepEqual(summary("only-version-dependency.toml"), ["JSON@0.20.0"]);
  assert.deepEqual(summary("no-dependency.toml"), []);
  // Unicode is a standard library: no version, ships with Julia
  assert.deepEqual(summary("no-version-dependency.toml"), []);
  assert.equal(run(read("only-version-dependency.toml")).packages[0]?.purl, "pkg:julia/JSON@0.20.0");
});

test("Manifest.toml 1.0 (top-level tables) and edges", () => {
  // hand-written case in the format-1.0 shape (Julia 1.0-1.5)
  const text =
    '[[A]]\ndeps = ["B", "Dates"]\nuuid = "1"\nversion = "1.0.0"\n\n[[B]]\nuuid = "2"\nversion = "2.0.0"\n\n[[Dates]]\nuuid = "3"\n';
  const { packages } = run(text);
  assert.deepEqual(
    packages.map((p) => [p.name, p.dependencies]),
    [
      ["A", ["pkg:julia/B@2.0.0"]],
      ["B", []],
    ],
  );
});

test("Manifest.toml: invalid TOML is a parse failure with its line", async () => {
  await assertParseFailure(() => run(read("not-toml.txt")), {
    path: "Manifest.toml",
    message: /^could not extract: not valid TOML/,
    line: 1,
    column: true,
  });
  assert.throws(() => run('manifest_format = "3.0"\n'), /manifest_format 3\.0/);
});

fuzzExtractor(extractor, "Manifest.toml", read("git-dependency-with-commit.toml"));
