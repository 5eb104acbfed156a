import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor, runLockfileSuite } from "../../testing/extractor-kit.js";
import { stackLockExtractor as extractor } from "./stack-lock.js";

runLockfileSuite("haskell", "stacklock", { extractor });

const read = (name: string) => readFileSync(corpusPath("lockfiles/haskell/stacklock", name), "utf8");
const run = (text: string, path = "stack.yaml.lock") =>
  extractor.extract({ path, text, readFile: async () => undefined });

test("stack.yaml.lock: hackage ids keep their sha256, purls are pkg:hackage", () => {
  const pkg = run(read("valid")).packages.find((p) => p.name === "hasql-pool");
  assert.equal(pkg?.purl, "pkg:hackage/hasql-pool@1.0.1");
  assert.deepEqual(pkg?.hashes, ["sha256:3cfb4c7153a6c536ac7e126c17723e6d26ee03794954deed2d72bcc826d05a40"]);
});

test("stack.yaml.lock: git packages carry their commit", () => {
  // hand-written case in the shape Stack writes for git extra-deps
  const text =
    "packages:\n- completed:\n    name: foo\n    version: 1.2.3\n    git: https://github.com/o/foo\n    commit: 0123456789abcdef0123456789abcdef01234567\n  original:\n    git: https://github.com/o/foo\n";
  const [foo] = run(text).packages;
  assert.deepEqual(
    [foo?.name, foo?.version, foo?.commit],
    ["foo", "1.2.3", "0123456789abcdef0123456789abcdef01234567"],
  );
});

test("stack.yaml.lock: bad input throws as a parse failure that does not repeat the path", async () => {
  for (const text of [
    "",
    "packages: [",
    "packages: foo",
    "- a",
    "\u0000\u0001\u00ff",
    `a: ${"[".repeat(50_000)}`,
  ]) {
    await assertParseFailure(() => run(text, "hs/app/stack.yaml.lock"), { path: "hs/app/stack.yaml.lock" });
  }
});

fuzzExtractor(extractor, "stack.yaml.lock", read("valid"));
