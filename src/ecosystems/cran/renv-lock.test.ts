import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor, runLockfileSuite } from "../../testing/extractor-kit.js";
import { renvLockExtractor as extractor } from "./renv-lock.js";

runLockfileSuite("r", "renvlock", { extractor });

const read = (name: string) => readFileSync(corpusPath("lockfiles/r/renvlock", name), "utf8");
const run = (text: string, path = "renv.lock") =>
  extractor.extract({ path, text, readFile: async () => undefined });

test("renv.lock: packages from other sources are counted in an error entry, not silently dropped", () => {
  const { packages, errors } = run(read("with-mixed-sources.lock"));
  assert.deepEqual(
    packages.map((p) => p.purl),
    ["pkg:cran/markdown@1.0"],
  );
  assert.equal(errors?.length, 1);
  assert.match(errors?.[0]?.message ?? "", /1 package\(s\) not from a CRAN repository.*mime \(GitHub\)/);
  assert.match(run(read("with-bioconductor.lock")).errors?.[0]?.message ?? "", /BSgenome \(Bioconductor\)/);
  assert.match(run(read("without-repository.lock")).errors?.[0]?.message ?? "", /morning \(no source\)/);
});

test("renv.lock: Requirements become edges to the locked versions", () => {
  // hand-written case pinning the edge rule
  const text = JSON.stringify({
    Packages: {
      a: {
        Package: "a",
        Version: "1.0",
        Source: "Repository",
        Repository: "CRAN",
        Requirements: ["b", "stats"],
      },
      b: { Package: "b", Version: "2.0", Source: "Repository", Repository: "RSPM" },
    },
  });
  const { packages, errors } = run(text);
  assert.deepEqual(packages[0]?.dependencies, ["pkg:cran/b@2.0"]);
  assert.equal(errors, undefined);
});

test("renv.lock: bad input throws as a parse failure that does not repeat the path", async () => {
  for (const text of ["", "{", '{"Packages": []}', "\u0000\u00ff", "null", `${"[".repeat(100_000)}`]) {
    await assertParseFailure(() => run(text, "r/app/renv.lock"), { path: "r/app/renv.lock" });
  }
});

fuzzExtractor(extractor, "renv.lock", read("two-packages.lock"));
