import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor } from "../../testing/extractor-kit.js";
import { gleamTomlExtractor as extractor } from "./gleam-toml.js";

// corpus/lockfiles/gleam/gleamtoml has fixtures but no expected.json: expectations read off the fixtures.
const read = (name: string) => readFileSync(corpusPath("lockfiles/gleam/gleamtoml", name), "utf8");
const run = (name: string) =>
  extractor.extract({ path: "gleam.toml", text: read(name), readFile: async () => undefined });
const summary = (name: string) => run(name).packages.map((p) => [p.name, p.version, p.resolved, p.groups]);

test("gleam.toml: deps and dev-deps are unresolved ranges, dev grouped", () => {
  assert.deepEqual(summary("deps-and-dev-deps.toml"), [
    ["gleam_stdlib", ">= 0.34.0 and < 2.0.0", false, []],
    ["gleeunit", ">= 1.0.0 and < 2.0.0", false, ["dev"]],
  ]);
  assert.deepEqual(summary("only-deps.toml"), [["gleam_stdlib", ">= 0.34.0 and < 2.0.0", false, []]]);
  assert.deepEqual(summary("only-dev-deps.toml"), [["gleeunit", ">= 1.0.0 and < 2.0.0", false, ["dev"]]]);
  assert.deepEqual(summary("no-deps.toml"), []);
});

test("gleam.toml: git and path dependencies are not Hex packages", () => {
  assert.deepEqual(
    summary("git-and-local-deps.toml").map(([name]) => name),
    ["gleam_stdlib"],
  );
});

test("gleam.toml: invalid TOML is a parse failure with its line and column", async () => {
  await assertParseFailure(() => run("not-toml.txt"), {
    path: "gleam.toml",
    message: /^could not extract: not valid TOML at line 1, column \d+/,
    line: 1,
    column: true,
  });
});

fuzzExtractor(extractor, "gleam.toml", read("deps-and-dev-deps.toml"));
