import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertOnlyErrors } from "../../testing/extractor-kit.js";
import { ExtractError } from "../errors.js";
import { cargoTomlExtractor } from "./cargo-toml.js";

// corpus/lockfiles/rust/cargotoml has fixtures but no expected.json: expectations read off the files by hand.
const fixture = (name: string, files: Record<string, string> = {}) =>
  cargoTomlExtractor.extract({
    path: "Cargo.toml",
    text: readFileSync(corpusPath("lockfiles", "rust", "cargotoml", name), "utf8"),
    readFile: async (p) => files[p],
  });
const summary = async (name: string) =>
  (await fixture(name)).packages.map((p) => [p.name, p.version, p.commit, p.resolved, p.locations[0].line]);

describe("Cargo.toml extractor (manifest without lockfile)", () => {
  it("only-version-dependency: the requirement, unresolved", async () => {
    assert.deepEqual(await summary("only-version-dependency.toml"), [
      ["regex", "0.0.1", undefined, false, 6],
    ]);
  });

  it("two-dependencies: git tag as version, plain requirement", async () => {
    assert.deepEqual(await summary("two-dependencies.toml"), [
      ["regex", "0.0.1", undefined, false, 6],
      ["futures", "0.3", undefined, false, 7],
    ]);
  });

  it("git dependencies: a commit rev is kept, a pull-request ref is not a commit", async () => {
    assert.deepEqual(await summary("git-dependency-with-commit.toml"), [
      ["regex", "", "0c0990399270277832fbb5b91a1fa118e6f63dba", false, 6],
    ]);
    assert.deepEqual(await summary("git-dependency-with-pr.toml"), [["regex", "", undefined, false, 6]]);
    assert.deepEqual(await summary("git-dependency-tagged.toml"), [["regex", "0.0.1", undefined, false, 6]]);
  });

  it("no-dependency: nothing", async () => {
    assert.deepEqual(await fixture("no-dependency.toml"), { packages: [], errors: [] });
  });

  it("invalid-dependency: the bad entry is reported with its line, not dropped silently", async () => {
    const r = await fixture("invalid-dependency.toml");
    assert.deepEqual(r.packages, []);
    assert.deepEqual(r.errors, [
      { path: "Cargo.toml", line: 7, message: 'dependencies.regex: "git" must be a string' },
    ]);
  });

  it("not-toml: ExtractError with the line", async () => {
    await assert.rejects(
      async () => fixture("not-toml.txt"),
      (e: unknown) => e instanceof ExtractError && e.line === 1,
    );
  });

  it("yields nothing when a Cargo.lock is beside it", async () => {
    assert.deepEqual(
      (await fixture("two-dependencies.toml", { "Cargo.lock": "version = 3\n" })).packages,
      [],
    );
  });

  it("groups dev and build dependencies, reads target tables and renamed packages, skips path crates", async () => {
    const r = await cargoTomlExtractor.extract({
      path: "Cargo.toml",
      readFile: async () => undefined,
      text: `[package]
web = "not a dependency"
[dependencies]
local = { path = "../local" }
web = { package = "actix-web", version = "4" }
[dev-dependencies]
proptest = "1.0"
[build-dependencies]
cc = "1"
[target.'cfg(unix)'.dependencies]
nix = "0.27"
[dependencies.serde]
version = "1"
`,
    });
    assert.deepEqual(
      r.packages.map((p) => [p.name, p.version, p.groups, p.locations[0].line]),
      [
        ["actix-web", "4", [], 5],
        ["serde", "1", [], 12],
        ["proptest", "1.0", ["dev"], 7],
        ["cc", "1", ["build"], 9],
        ["nix", "0.27", [], 11],
      ],
    );
  });

  it("locates a crate in the section it is declared in, not in a section whose name ends the same", async () => {
    const r = await cargoTomlExtractor.extract({
      path: "Cargo.toml",
      readFile: async () => undefined,
      text: '[dev-dependencies]\nrand = "0.8"\n[dependencies]\nrand = "0.7"\n',
    });
    assert.deepEqual(
      r.packages.map((p) => [p.version, p.groups, p.locations[0].line]),
      [
        ["0.8", ["dev"], 2],
        ["0.7", [], 4],
      ],
    );
  });

  it("arbitrary text never throws anything but an Error", async () => {
    await assertOnlyErrors(
      (text) => cargoTomlExtractor.extract({ path: "Cargo.toml", text, readFile: async () => undefined }),
      '[dependencies]\nregex = { git = "x", tag = "1" }\nfutures = "0.3"\n',
    );
  });
});
