import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { Package } from "../../model/package.js";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor, runLockfileSuite } from "../../testing/extractor-kit.js";
import { mixLockExtractor as extractor } from "./mix-lock.js";

// Disagreement: osv-scalibr puts a Hex package's tarball checksum (the first sha256 of the tuple) in
// SourceCode.Commit. It is not a VCS commit (OSV GIT ranges match commits), so Bulwark keeps it in `hashes` as
// "sha256:<hex>" and sets `commit` only for git dependencies. The corpus value is still checked, where we keep it.
const commitOf = (p: Package) => p.commit ?? p.hashes?.[0]?.replace(/^sha256:/, "");
runLockfileSuite("elixir", "mixlock", { extractor, readers: { commit: (p) => commitOf(p) ?? "" } });
runLockfileSuite("erlang", "mixlock", { extractor, readers: { commit: (p) => commitOf(p) ?? "" } });

test("mix.lock: a Hex package's checksum is a hash, not a commit; git dependencies carry their commit", () => {
  const [plug] = run(read("one-package.lock")).packages;
  assert.equal(plug?.commit, undefined);
  assert.deepEqual(plug?.hashes, ["sha256:f2992bac66fdae679453c9e86134a4201f6f43a687d8ff1cd1b2862d53c80259"]);
  const foe = run(read("git.lock")).packages.find((p) => p.name === "foe");
  assert.equal(foe?.commit, "a9574ab75d6ed01e1288c453ae1d943d7a964595");
  assert.equal(foe?.hashes, undefined);
});

const read = (name: string) => readFileSync(corpusPath("lockfiles/erlang/mixlock", name), "utf8");
const run = (text: string, path = "mix.lock") =>
  extractor.extract({ path, text, readFile: async () => undefined });

test("mix.lock: edges point at the locked versions, lines are the entry lines", () => {
  const { packages } = run(read("two-packages.lock"));
  const plug = packages.find((p) => p.name === "plug");
  assert.deepEqual(plug?.dependencies, ["pkg:hex/plug_crypto@1.2.2"]);
  assert.equal(plug?.locations[0]?.line, 2);
  assert.equal(plug?.purl, "pkg:hex/plug@1.11.1");
});

test("mix.lock: a corrupted entry is reported with its line, the good ones kept", () => {
  const { packages, errors } = run(readFileSync(corpusPath("lockfiles/elixir/mixlock/invalid"), "utf8"));
  assert.deepEqual(
    packages.map((p) => p.name),
    ["bunt"],
  );
  assert.equal(errors?.length, 1);
  assert.equal(errors?.[0]?.line, 3);
  assert.match(errors?.[0]?.message ?? "", /certifi/);
});

test("mix.lock: text that is not an Elixir map is a parse failure", async () => {
  for (const text of ["", "not a lock", "\u0000\u0001\u00ff", '{"a": 1}']) {
    await assertParseFailure(() => run(text, "app/mix.lock"), {
      path: "app/mix.lock",
      message: /^not a mix\.lock: expected an Elixir map/,
      line: 1,
    });
  }
});

fuzzExtractor(extractor, "mix.lock", read("two-packages.lock"));
