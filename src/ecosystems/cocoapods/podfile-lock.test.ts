import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor, runLockfileSuite } from "../../testing/extractor-kit.js";
import { podfileLockExtractor as extractor } from "./podfile-lock.js";

runLockfileSuite("swift", "podfilelock", { extractor });

const read = (name: string) => readFileSync(corpusPath("lockfiles/swift/podfilelock", name), "utf8");
const run = (text: string, path = "ios/Podfile.lock") =>
  extractor.extract({ path, text, readFile: async () => undefined });

test("Podfile.lock: direct from DEPENDENCIES, lines, purls", () => {
  const { packages } = run(read("valid"));
  assert.deepEqual(
    packages.map((p) => [p.purl, p.direct, p.locations[0]?.line]),
    [
      ["pkg:cocoapods/GlossButtonNode@3.1.2", true, 2],
      ["pkg:cocoapods/PINCache@3.0.3", false, 5],
    ],
  );
});

test("Podfile.lock: subspecs merge into their pod, edges to locked pods, git commits", () => {
  // hand-written case in the shape CocoaPods writes for subspecs and git checkouts
  const text = `PODS:
  - Alamofire (5.8.0)
  - PINCache (3.0.3):
    - PINCache/Core (= 3.0.3)
  - PINCache/Core (3.0.3):
    - PINOperation (~> 1.2.1)
  - PINOperation (1.2.2)
  - Private (1.0.0):
    - Alamofire

DEPENDENCIES:
  - PINCache
  - Private (from \`https://github.com/org/private.git\`)

CHECKOUT OPTIONS:
  Private:
    :commit: 0123456789abcdef0123456789abcdef01234567
    :git: https://github.com/org/private.git
`;
  const { packages } = run(text);
  assert.deepEqual(
    packages.map((p) => [p.name, p.version, p.direct, p.dependencies, p.commit]),
    [
      ["Alamofire", "5.8.0", false, [], undefined],
      ["PINCache", "3.0.3", true, ["pkg:cocoapods/PINOperation@1.2.2"], undefined],
      ["PINOperation", "1.2.2", false, [], undefined],
      [
        "Private",
        "1.0.0",
        true,
        ["pkg:cocoapods/Alamofire@5.8.0"],
        "0123456789abcdef0123456789abcdef01234567",
      ],
    ],
  );
});

test("Podfile.lock: bad input throws as a parse failure that does not repeat the path; unreadable entries are reported", async () => {
  for (const text of ["", "PODS: [", "PODS: 3", "just text", "\u0000\u00ff", `PODS: ${"[".repeat(50_000)}`]) {
    await assertParseFailure(() => run(text, "ios/Podfile.lock"), { path: "ios/Podfile.lock" });
  }
  const { errors } = run("PODS:\n  - NoVersion\n  - Ok (1.0)\n");
  assert.match(errors?.[0]?.message ?? "", /NoVersion/);
});

fuzzExtractor(extractor, "Podfile.lock", read("valid"));
