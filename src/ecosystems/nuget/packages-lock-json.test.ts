import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor, runLockfileSuite } from "../../testing/extractor-kit.js";
import { packagesLockJsonExtractor as extractor } from "./packages-lock-json.js";

runLockfileSuite("dotnet", "packageslockjson", { extractor });

const path = "src/App/packages.lock.json";
const input = (text: string) => ({ path, text, readFile: async () => undefined });

test("packages.lock.json: direct flag, edges to the resolved version, frameworks merged", () => {
  // hand-written case pinning the merge rule
  const text = JSON.stringify({
    version: 1,
    dependencies: {
      "net6.0": {
        A: { type: "Direct", resolved: "1.0.0", dependencies: { B: "2.0.0" } },
        B: { type: "Transitive", resolved: "2.1.0" },
        Lib: { type: "Project", dependencies: { A: "[1.0.0, )" } },
      },
      "net8.0": { A: { type: "Transitive", resolved: "1.0.0" } },
    },
  });
  const { packages } = extractor.extract(input(text));
  assert.deepEqual(
    packages.map((p) => [p.name, p.version, p.direct]),
    [
      ["A", "1.0.0", true],
      ["B", "2.1.0", false],
    ],
  );
  assert.deepEqual(packages[0]?.dependencies, ["pkg:nuget/B@2.1.0"]);
  assert.equal(packages[0]?.purl, "pkg:nuget/A@1.0.0");
});

test("packages.lock.json: matches by file name", () => {
  assert.ok(extractor.matches("src/App/packages.lock.json"));
  assert.ok(!extractor.matches("src/App/my-packages.lock.json"));
});

test("packages.lock.json: bad input is a parse failure, with the line where JSON knows it", async () => {
  for (const text of ["", "[]", '{"version":1}']) {
    await assertParseFailure(() => extractor.extract(input(text)), { path });
  }
  for (const text of ['{"version": 1, "dependencies": {', "\u0000\u0001binary"]) {
    await assertParseFailure(() => extractor.extract(input(text)), {
      path,
      message: /not valid JSON/,
      line: 1,
    });
  }
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  await assertParseFailure(() => extractor.extract(input(deep)), { path });
});

fuzzExtractor(
  extractor,
  "packages.lock.json",
  readFileSync(corpusPath("lockfiles/dotnet/packageslockjson/valid/packages.lock.json"), "utf8"),
);
