import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertOnlyErrors, runLockfileSuite } from "../../testing/extractor-kit.js";
import { extractFixture, loadLockfileSuite } from "../../testing/lockfile-cases.js";
import { gemfileLockExtractor } from "./gemfile-lock.js";

const suite = loadLockfileSuite("ruby", "gemfilelock");
const extract = (text: string) =>
  gemfileLockExtractor.extract({ path: "Gemfile.lock", text, readFile: async () => undefined });

describe("Gemfile.lock extractor: corpus cases (osv-scalibr gemfilelock)", () => {
  runLockfileSuite("ruby", "gemfilelock", { extractor: gemfileLockExtractor });
});

describe("Gemfile.lock extractor: details", () => {
  it("matches Gemfile.lock and gems.locked", () => {
    assert.ok(gemfileLockExtractor.matches("Gemfile.lock"));
    assert.ok(gemfileLockExtractor.matches("app/gems.locked"));
    assert.ok(!gemfileLockExtractor.matches("Gemfile"));
  });

  it("some-gems.lock: lines, edges, DEPENDENCIES marks direct", async () => {
    const r = await extractFixture(gemfileLockExtractor, suite, "some-gems.lock");
    assert.deepEqual(
      r.packages.map((p) => [p.name, p.locations[0].line, p.direct, p.dependencies]),
      [
        ["coderay", 4, false, []],
        ["method_source", 5, false, []],
        ["pry", 6, true, ["pkg:gem/coderay@1.1.3", "pkg:gem/method_source@1.0.0"]],
      ],
    );
  });

  it("has-git-gem.lock: `hanami-utils!` in DEPENDENCIES is direct", async () => {
    const r = await extractFixture(gemfileLockExtractor, suite, "has-git-gem.lock");
    assert.deepEqual(
      r.packages.filter((p) => p.direct).map((p) => p.name),
      ["hanami-utils"],
    );
  });

  it("invalid.lock: the malformed spec is reported with its line (upstream skips it silently)", async () => {
    const r = await extractFixture(gemfileLockExtractor, suite, "invalid.lock");
    assert.deepEqual(r.errors, [
      { path: "invalid.lock", line: 4, message: 'malformed gem spec "invalid-name"' },
    ]);
  });

  it("merges platform variants and reads Bundler 2.5 checksums", () => {
    const r = extract(`GEM
  remote: https://rubygems.org/
  specs:
    nokogiri (1.16.0-arm64-darwin)
      racc (~> 1.4)
    nokogiri (1.16.0-x86_64-linux)
      racc (~> 1.4)
    racc (1.7.3)

PLATFORMS
  arm64-darwin
  x86_64-linux

DEPENDENCIES
  nokogiri (~> 1.16)

CHECKSUMS
  nokogiri (1.16.0-x86_64-linux) sha256=aa11
  racc (1.7.3) sha256=bb22
`);
    assert.deepEqual(
      r.packages.map((p) => [p.name, p.version, p.locations.map((l) => l.line), p.dependencies, p.direct]),
      [
        ["nokogiri", "1.16.0", [4, 6], ["pkg:gem/racc@1.7.3"], true],
        ["racc", "1.7.3", [8], [], false],
      ],
    );
    assert.deepEqual(r.packages[1].hashes, ["sha256:bb22"]);
  });
});

describe("Gemfile.lock extractor: bad input", () => {
  it("binary junk is a parse failure, not an empty lockfile", () => {
    assert.throws(() => extract("\x00\x01\x02GEM\n\x00\n"), /no GEM, GIT, PATH or DEPENDENCIES section/);
  });

  it("arbitrary text never throws anything but an Error", async () => {
    await assertOnlyErrors(
      extract,
      "GEM\n  remote: x\n  specs:\n    a (1.0)\n      b (>= 1)\n    b (2.0)\n\nDEPENDENCIES\n  a\n",
    );
  });
});
