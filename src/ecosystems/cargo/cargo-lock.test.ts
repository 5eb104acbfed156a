import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertOnlyErrors, assertParseFailure, runLockfileSuite } from "../../testing/extractor-kit.js";
import { extractFixture, loadLockfileSuite } from "../../testing/lockfile-cases.js";
import { ExtractError } from "../errors.js";
import { cargoLockExtractor } from "./cargo-lock.js";

const suite = loadLockfileSuite("rust", "cargolock");
const extract = (text: string) =>
  cargoLockExtractor.extract({ path: "Cargo.lock", text, readFile: async () => undefined });

describe("Cargo.lock extractor: corpus cases (osv-scalibr cargolock)", () => {
  runLockfileSuite("rust", "cargolock", { extractor: cargoLockExtractor });
});

describe("Cargo.lock extractor: details", () => {
  it("locates each package at its name line (duplicate.lock: lines 6 and 12)", async () => {
    const r = await extractFixture(cargoLockExtractor, suite, "duplicate.lock");
    assert.deepEqual(
      r.packages.map((p) => [p.version, p.locations[0].line]),
      [
        ["1.0.73", 6],
        ["2.0.0", 12],
      ],
    );
  });

  it("skips commented-out keys when locating (package-with-comments.lock), and reads the git commit", async () => {
    const r = await extractFixture(cargoLockExtractor, suite, "package-with-comments.lock");
    const syn = r.packages.find((p) => p.name === "syn")!;
    assert.equal(syn.locations[0].line, 13);
    assert.equal(syn.commit, "061a9ab4cfabf2a403dbeab4bbcb8ff97d344dff");
  });

  it("records checksums, dependency edges and direct dependencies of workspace crates", () => {
    const r = extract(`version = 3
[[package]]
name = "app"
version = "0.1.0"
dependencies = ["syn 2.0.0", "memchr"]

[[package]]
name = "memchr"
version = "2.4.1"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "308ccb09"

[[package]]
name = "syn"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["memchr"]

[[package]]
name = "syn"
version = "2.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
`);
    const [app, memchr, syn1, syn2] = r.packages;
    assert.deepEqual(app.dependencies, ["pkg:cargo/syn@2.0.0", "pkg:cargo/memchr@2.4.1"]);
    assert.equal(app.direct, undefined);
    assert.deepEqual([memchr.direct, syn1.direct, syn2.direct], [true, false, true]);
    assert.deepEqual(memchr.hashes, ["sha256:308ccb09"]);
    assert.deepEqual(syn1.dependencies, ["pkg:cargo/memchr@2.4.1"]);
    assert.deepEqual(r.errors, []);
  });

  it("reads format-1 checksums from [metadata] and reports dangling dependencies", () => {
    const r = extract(`[[package]]
name = "a"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["b 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)"]

[metadata]
"checksum a 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)" = "abcd"
`);
    assert.deepEqual(r.packages[0].hashes, ["sha256:abcd"]);
    assert.equal(r.errors?.length, 1);
    assert.match(r.errors![0].message, /"b 1\.0\.0 .*" is not in the lockfile/);
    assert.equal(r.errors![0].line, 2);
  });

  it("reads the [root] table of the oldest lockfiles as the workspace crate", () => {
    const r = extract(`[root]
name = "app"
version = "0.1.0"
dependencies = ["a 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)"]

[[package]]
name = "a"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
`);
    assert.deepEqual(
      r.packages.map((p) => [p.name, p.direct, p.locations[0].line, p.dependencies]),
      [
        ["app", undefined, 2, ["pkg:cargo/a@1.0.0"]],
        ["a", true, 7, []],
      ],
    );
  });

  it("reports an entry without a version and keeps the others", () => {
    const r = extract('[[package]]\nname = "a"\n\n[[package]]\nname = "b"\nversion = "1.0.0"\n');
    assert.deepEqual(
      r.packages.map((p) => p.name),
      ["b"],
    );
    assert.equal(r.errors?.[0].line, 2);
  });
});

describe("Cargo.lock extractor: bad input", () => {
  it("names the line and column of invalid TOML, not the path", async () => {
    await assertParseFailure(() => extract('version = 3\n[[package]]\nname = "a"\nversion = \n'), {
      path: "Cargo.lock:",
      message: /^could not extract: not valid TOML at line 4, column 11: /,
      line: 4,
      column: 11,
    });
  });

  it("rejects a truncated file", () => {
    assert.throws(() => extract('[[package]]\nname = "a'), ExtractError);
  });

  it("rejects a package key that is not an array of tables", () => {
    assert.throws(() => extract('package = "x"\n'), /not an array of tables/);
  });

  it("deeply nested arrays give an ExtractError, not a crash", () => {
    assert.throws(() => extract(`x = ${"[".repeat(100_000)}`), ExtractError);
  });

  it("arbitrary text never throws anything but an Error", async () => {
    const seed = '[[package]]\nname = "a"\nversion = "1.0.0"\ndependencies = ["b"]\n';
    await assertOnlyErrors(extract, seed);
  });
});
