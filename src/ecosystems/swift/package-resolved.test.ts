import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor, runLockfileSuite } from "../../testing/extractor-kit.js";
import { packageResolvedExtractor as extractor, swiftUrlName } from "./package-resolved.js";

runLockfileSuite("swift", "packageresolved", { extractor });

const read = (name: string) => readFileSync(corpusPath("lockfiles/swift/packageresolved", name), "utf8");
const run = (text: string, path = "Package.resolved") =>
  extractor.extract({ path, text, readFile: async () => undefined });

test("Package.resolved v2: purl, commit and the line of each pin's location", () => {
  const [algorithms] = run(read("valid")).packages;
  assert.equal(algorithms?.purl, "pkg:swift/github.com/apple/swift-algorithms@1.0.0");
  assert.equal(algorithms?.commit, "b14b7f4c528c942f121c8b860b9410b2bf57825e");
  assert.equal(algorithms?.locations[0]?.line, 6);
});

test("Package.resolved v1 (object.pins, repositoryURL) and branch pins", () => {
  // hand-written case in the v1 shape SwiftPM 5.5 and earlier wrote
  const text = JSON.stringify({
    object: {
      pins: [
        {
          package: "Nimble",
          repositoryURL: "https://github.com/Quick/Nimble.git",
          state: { branch: null, revision: "abc1234", version: "9.2.1" },
        },
        {
          package: "Dev",
          repositoryURL: "git@github.com:org/dev.git",
          state: { branch: "main", revision: "def5678", version: null },
        },
      ],
    },
    version: 1,
  });
  const { packages } = run(text);
  assert.deepEqual(
    packages.map((p) => [p.name, p.version, p.commit]),
    [
      ["github.com/Quick/Nimble", "9.2.1", "abc1234"],
      ["github.com/org/dev", "", "def5678"],
    ],
  );
});

test("swiftUrlName strips scheme, user and .git", () => {
  assert.equal(swiftUrlName("https://github.com/apple/swift-nio.git"), "github.com/apple/swift-nio");
  assert.equal(swiftUrlName("ssh://git@gitlab.com/a/b"), "gitlab.com/a/b");
  assert.equal(swiftUrlName("git@github.com:apple/swift-nio.git"), "github.com/apple/swift-nio");
});

test("Package.resolved: local pins skipped, registry pins reported", () => {
  const text = JSON.stringify({
    pins: [
      { identity: "local", kind: "localSourceControl", location: "/src/local", state: { revision: "a" } },
      { identity: "mona.linkedlist", kind: "registry", location: "", state: { version: "1.0.0" } },
    ],
    version: 3,
  });
  const { packages, errors } = run(text);
  assert.deepEqual(packages, []);
  assert.match(errors?.[0]?.message ?? "", /mona\.linkedlist.*registry/);
});

test("Package.resolved: bad input is a parse failure", async () => {
  for (const text of ["", "{", "[]", '{"version": 2}', "\u0000\u00ff"]) {
    await assertParseFailure(() => run(text, "App/Package.resolved"), { path: "App/Package.resolved" });
  }
  await assertParseFailure(() => run('{\n  "pins": [\n', "App/Package.resolved"), {
    path: "App/Package.resolved",
    line: 3,
    column: 1,
  });
});

fuzzExtractor(extractor, "Package.resolved", read("valid"));
