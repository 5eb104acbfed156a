import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor } from "../../testing/extractor-kit.js";
import { depsJsonExtractor as extractor } from "./deps-json.js";

// corpus/lockfiles/dotnet/depsjson has fixtures but no expected.json: expectations read off the fixtures.
const fixture = (name: string) =>
  extractor.extract({
    path: "App.deps.json",
    text: readFileSync(corpusPath("lockfiles/dotnet/depsjson", name), "utf8"),
    readFile: async () => undefined,
  });

test("deps.json: valid -> the two package libraries (project library skipped), edges from targets", () => {
  const { packages, errors } = fixture("valid");
  assert.deepEqual(
    packages.map((p) => `${p.name}@${p.version}`),
    ["AWSSDK.Core@3.7.10.6", "Microsoft.Extensions.DependencyInjection@6.0.0"],
  );
  assert.deepEqual(packages[1]?.dependencies, [
    "pkg:nuget/Microsoft.Extensions.DependencyInjection.Abstractions@6.0.0",
    "pkg:nuget/System.Runtime.CompilerServices.Unsafe@6.0.0",
  ]);
  assert.equal(errors, undefined);
});

test("deps.json: a library key without version is an error entry, the others are kept", () => {
  const { packages, errors } = fixture("nopackagename");
  assert.deepEqual(
    packages.map((p) => p.name),
    ["AWSSDK.Core"],
  );
  assert.match(errors?.[0]?.message ?? "", /Microsoft\.Extensions\.DependencyInjection.*not "Name\/Version"/);
});

test("deps.json: empty and invalid fixtures are parse failures that say what is wrong", async () => {
  await assertParseFailure(() => fixture("empty"), {
    path: "App.deps.json",
    message: /^no "libraries" object/,
  });
  await assertParseFailure(() => fixture("invalid"), {
    path: "App.deps.json",
    message: /not valid JSON/,
    line: 1,
    column: true,
  });
});

fuzzExtractor(
  extractor,
  "App.deps.json",
  readFileSync(corpusPath("lockfiles/dotnet/depsjson/valid"), "utf8"),
);
