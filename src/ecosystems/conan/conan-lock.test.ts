import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor, runLockfileSuite } from "../../testing/extractor-kit.js";
import { conanLockExtractor as extractor } from "./conan-lock.js";

// Groups: the corpus transcribes osv-scalibr's raw group names. In Bulwark an empty list is production and
// build-time dependencies are "build", so "requires" -> [] and "build-requires" -> ["build"].
const groups = (expected: string[]) => (expected.includes("build-requires") ? ["build"] : []);
runLockfileSuite("cpp", "conanlock", {
  extractor,
  mapExpected: (p) => (p.groups ? { ...p, groups: groups(p.groups) } : p),
  overrides: {
    "one-package-dev.v1.json": { reason: "v1 build requirements are marked build: see the test below" },
    "one-package-dev.v1.revisions.json": {
      reason: "v1 build requirements are marked build: see the test below",
    },
  },
});

const read = (name: string) => readFileSync(corpusPath("lockfiles/cpp/conanlock", name), "utf8");
const run = (text: string, path = "conan.lock") =>
  extractor.extract({ path, text, readFile: async () => undefined });

test("conan.lock v1: a build requirement is in the build group (disagreement)", () => {
  // Upstream leaves DepGroupVals empty for v1 lockfiles, although the consumer node lists ninja under
  // "build_requires". It is a build-time tool, like the v2 'build-requires' case the corpus does mark, so Bulwark
  // gives it the group "build" in both lockfile generations. Name and version match the corpus.
  for (const fixture of ["one-package-dev.v1.json", "one-package-dev.v1.revisions.json"]) {
    const { packages } = run(read(fixture));
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.groups]),
      [["ninja", "1.11.1", ["build"]]],
    );
  }
});

test("conan.lock v1: edges by node id, consumer node skipped, purls", () => {
  const { packages } = run(read("nested-dependencies.v1.json"));
  const freetype = packages.find((p) => p.name === "freetype");
  assert.equal(freetype?.purl, "pkg:conan/freetype@2.12.1");
  assert.deepEqual(freetype?.dependencies, [
    "pkg:conan/libpng@1.6.39",
    "pkg:conan/zlib@1.2.13",
    "pkg:conan/bzip2@1.0.8",
    "pkg:conan/brotli@1.0.9",
  ]);
  assert.ok(!packages.some((p) => p.name === "test"));
});

test("conan.lock: a reference without name is reported as an error entry", () => {
  for (const fixture of ["no-name.v1.json", "no-name.v2.json"]) {
    const { errors } = run(read(fixture));
    assert.match(errors?.[0]?.message ?? "", /"1\.2\.3[#%.0-9a-f]*" has no name\/version/);
  }
});

test("conan.lock: bad input throws as a parse failure that does not repeat the path", async () => {
  for (const text of ["", "{", "null", "[]", '{"version": "0.5"}', "\u0000\u00ff", "[".repeat(100_000)]) {
    await assertParseFailure(() => run(text, "cpp/app/conan.lock"), { path: "cpp/app/conan.lock" });
  }
});

fuzzExtractor(extractor, "conan.lock", read("nested-dependencies.v1.json"));
