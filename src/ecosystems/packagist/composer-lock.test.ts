import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertOnlyErrors, assertParseFailure, runLockfileSuite } from "../../testing/extractor-kit.js";
import { extractFixture, loadLockfileSuite } from "../../testing/lockfile-cases.js";
import { ExtractError } from "../errors.js";
import { composerLockExtractor } from "./composer-lock.js";

const suite = loadLockfileSuite("php", "composerlock");
const extract = (text: string, files: Record<string, string> = {}) =>
  composerLockExtractor.extract({ path: "composer.lock", text, readFile: async (p) => files[p] });

describe("composer.lock extractor: corpus cases (osv-scalibr composerlock)", () => {
  runLockfileSuite("php", "composerlock", { extractor: composerLockExtractor });
});

describe("composer.lock extractor: details", () => {
  it("locates packages at their name line, past the authors of earlier packages", async () => {
    const r = await extractFixture(composerLockExtractor, suite, "drupal-packages.json");
    assert.deepEqual(
      r.packages.map((p) => [p.name, p.locations[0].line]),
      [
        ["drupal/core", 10],
        ["drupal/tfa", 174],
        ["theseer/tokenizer", 261],
        ["drupal/field_time", 299],
      ],
    );
  });

  it("keeps licences and require edges between locked packages; direct from composer.json", async () => {
    const lock = JSON.stringify({
      packages: [
        { name: "a/a", version: "1.0.0", require: { php: ">=8", "B/B": "^2" }, license: ["MIT"] },
        { name: "b/b", version: "2.1.0", dist: { shasum: "abc123" } },
      ],
      "packages-dev": [{ name: "c/c", version: "3.0.0" }],
    });
    const r = await extract(lock, {
      "composer.json": JSON.stringify({ require: { "a/a": "^1" }, "require-dev": { "c/c": "*" } }),
    });
    const [a, b, c] = r.packages;
    assert.deepEqual(a.dependencies, ["pkg:composer/b/b@2.1.0"]);
    assert.deepEqual(a.licenses, ["MIT"]);
    assert.deepEqual(b.hashes, ["sha1:abc123"]);
    assert.deepEqual([a.direct, b.direct, c.direct], [true, false, true]);
    assert.deepEqual(c.groups, ["dev"]);
    assert.equal(a.purl, "pkg:composer/a/a@1.0.0");
  });

  it("reports entries without name or version and a non-array section, keeping the rest", async () => {
    const r = await extract(
      JSON.stringify({ packages: [{ name: "a/a" }, { name: "b/b", version: "1" }], "packages-dev": {} }),
    );
    assert.deepEqual(
      r.packages.map((p) => p.name),
      ["b/b"],
    );
    assert.equal(r.errors?.length, 2);
  });
});

describe("composer.lock extractor: bad input", () => {
  it("truncated JSON names the line and column, not the path", async () => {
    await assertParseFailure(() => extract('{\n  "packages": [\n    {"name": "a/a",\n'), {
      path: "composer.lock:",
      message: /^could not extract: not valid JSON at line 4, column 1: /,
      line: 4,
      column: 1,
    });
  });

  it("a leading byte-order mark is skipped", async () => {
    assert.deepEqual(
      (await extract('\uFEFF{"packages": [{"name": "a/b", "version": "1.0.0"}]}')).packages.map(
        (p) => p.name,
      ),
      ["a/b"],
    );
  });

  it("binary junk is an ExtractError", async () => {
    await assert.rejects(async () => extract("\x00\x01\x02PK\x03\x04"), ExtractError);
  });

  it("a JSON array or null is not a composer.lock", async () => {
    await assert.rejects(async () => extract("[]"), /not a composer\.lock/);
    await assert.rejects(async () => extract("null"), /not a composer\.lock/);
  });

  it("deeply nested JSON does not crash", async () => {
    const deep = `{"packages": [${"[".repeat(5000)}${"]".repeat(5000)}]}`;
    assert.equal((await extract(deep)).errors?.length, 1);
  });

  it("arbitrary text never throws anything but an Error", async () => {
    await assertOnlyErrors(
      extract,
      '{"packages": [{"name": "a/a", "version": "1.0.0", "require": {"b/b": "1"}}]}',
    );
  });
});
