import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { fuzzExtractor, runLockfileSuite } from "../../testing/extractor-kit.js";
import { cabalFreezeExtractor as extractor } from "./cabal-freeze.js";

runLockfileSuite("haskell", "cabal", {
  extractor,
  overrides: { valid_2: { reason: "unqualified pins are packages too: see the test below" } },
});

const read = (name: string) => readFileSync(corpusPath("lockfiles/haskell/cabal", name), "utf8");
const run = (text: string) =>
  extractor.extract({ path: "cabal.project.freeze", text, readFile: async () => undefined });

test("cabal.project.freeze valid_2: the unqualified pin 'foo ==2.4.0.3' is a package (disagreement)", () => {
  // Upstream drops 'foo ==2.4.0.3' because it lacks the 'any.' qualifier. Cabal accepts unqualified
  // constraints (they apply to the top-level package of that name), so foo really is pinned at 2.4.0.3 and
  // dropping it would hide it from the scan. Bulwark reports it; the other four match the corpus.
  const { packages, errors } = run(read("valid_2"));
  assert.deepEqual(
    packages.map((p) => [`${p.name}@${p.version}`, p.locations[0]?.line]),
    [
      ["AC-Angle@1.0", 3],
      ["foo@2.4.0.3", 4],
      ["ANum@0.2.0.2", 5],
      ["Agda@2.6.4.3", 6],
      ["Allure@0.11.0.0", 8],
    ],
  );
  assert.equal(errors, undefined);
});

test("cabal.project.freeze: flag entries are not packages, purls are pkg:hackage", () => {
  const { packages } = run(read("valid"));
  assert.ok(!packages.some((p) => p.name === "transformers-base"));
  assert.equal(packages[0]?.purl, "pkg:hackage/AC-Angle@1.0");
});

test("cabal.project.freeze: unreadable entries are reported; no constraints field throws", () => {
  const { packages, errors } = run("constraints: any.a ==1.0,\n  any.b ==,\n  any.c ==2\n");
  assert.deepEqual(
    packages.map((p) => p.name),
    ["a", "c"],
  );
  assert.deepEqual(
    errors?.map((e) => e.line),
    [2],
  );
  for (const text of ["", "\u0000\u0001\u00ff", "packages: foo"]) {
    assert.throws(() => run(text), /: no "constraints:" field: not a cabal\.project\.freeze$/);
  }
});

fuzzExtractor(extractor, "cabal.project.freeze", read("valid"));
