import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor, runLockfileSuite } from "../../testing/extractor-kit.js";
import { pubspecLockExtractor as extractor } from "./pubspec-lock.js";

runLockfileSuite("dart", "pubspec", { extractor });

const read = (name: string) => readFileSync(corpusPath("lockfiles/dart/pubspec", name), "utf8");
const run = (text: string, path = "app/pubspec.lock") =>
  extractor.extract({ path, text, readFile: async () => undefined });

test("pubspec.lock: direct flag, dev group, lines and purls", () => {
  const { packages } = run(read("mixed-packages.lock"));
  const build = packages.find((p) => p.name === "build_runner");
  assert.equal(build?.direct, true);
  assert.deepEqual(build?.groups, ["dev"]);
  assert.equal(build?.purl, "pkg:pub/build_runner@2.2.1");
  assert.equal(build?.locations[0]?.line, 11);
  const shelfWs = packages.find((p) => p.name === "shelf_web_socket");
  assert.ok(shelfWs);
  assert.equal(
    read("mixed-packages.lock").split("\n")[(shelfWs.locations[0]?.line ?? 0) - 1],
    "  shelf_web_socket:",
  );
});

test("pubspec.lock: bad input throws as a parse failure that does not repeat the path", async () => {
  for (const text of [
    "",
    "packages: [",
    "packages: 3",
    "- a\n- b",
    "\u0000\u0001\u0002\u00ff",
    "packages:\n  a: {b: [c",
  ]) {
    await assertParseFailure(() => run(text, "app/pubspec.lock"), { path: "app/pubspec.lock" });
  }
  const deep = `packages: ${"[".repeat(50_000)}`;
  await assertParseFailure(() => run(deep, "app/pubspec.lock"), { path: "app/pubspec.lock" });
});

fuzzExtractor(extractor, "pubspec.lock", read("mixed-packages.lock"));
