import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { corpusPath } from "../../testing/corpus.js";
import { vendorModulesExtractor } from "./vendor-modules.js";

// corpus/lockfiles/golang/vendormodules has fixtures but no expected.json: the expectations below were read
// off the files by hand (each "# " header line is one vendored module).
const fixture = (name: string) => {
  const path = `${name}/vendor/modules.txt`;
  const text = readFileSync(corpusPath("lockfiles", "golang", "vendormodules", path), "utf8");
  return vendorModulesExtractor.extract({ path, text, readFile: async () => undefined });
};

describe("vendor/modules.txt extractor", () => {
  it("matches only vendor/modules.txt", () => {
    assert.ok(vendorModulesExtractor.matches("vendor/modules.txt"));
    assert.ok(vendorModulesExtractor.matches("a/b/vendor/modules.txt"));
    assert.ok(!vendorModulesExtractor.matches("modules.txt"));
  });

  it("valid: modules, replacements and local directories", () => {
    const r = fixture("valid");
    assert.deepEqual(
      r.packages.map((p) => [p.name, p.version, p.resolved, p.locations[0].line]),
      [
        ["github.com/BurntSushi/toml", "1.2.1", true, 1],
        ["golang.org/x/crypto", "0.31.0", true, 4],
        ["example.com/fork/net", "1.4.5", true, 7],
        ["./local", "", false, 10],
        ["github.com/example/incompatible", "2.0.0+incompatible", true, 15],
        ["example.com/transitive", "0.2.0", true, 18],
        ["example.com/headeronly", "0.1.0", true, 24],
        ["example.com/afterheaderonly", "0.3.0", true, 26],
        ["example.com/wildcard-fork", "0.2.0", true, 29],
      ],
    );
    assert.ok(
      r.packages.every((p) => !("local" in p)),
      "no stray fields on packages",
    );
    // A module listed twice (lines 1 and 21) is one package with two locations; so is ./local (10, 13).
    assert.deepEqual(
      r.packages[0].locations.map((l) => l.line),
      [1, 21],
    );
    assert.deepEqual(
      r.packages[3].locations.map((l) => l.line),
      [10, 13],
    );
    // "# malformed" (line 14) is a header without a version.
    assert.deepEqual(
      r.errors?.map((e) => e.line),
      [14],
    );
  });

  it("invalid: every bad header and stray line is reported, the good module kept", () => {
    const r = fixture("invalid");
    assert.deepEqual(
      r.packages.map((p) => [p.name, p.version]),
      [
        ["../local", ""],
        ["github.com/example/unused", "1.2.3"],
      ],
    );
    const messages = r.errors?.map((e) => `${e.line}: ${e.message}`) ?? [];
    assert.equal(messages.length, 9, messages.join("\n"));
    assert.match(messages[0], /^1: .*outside a module header/);
    assert.ok(messages.some((m) => /^7: .*"nope" is not a module version/.test(m)));
    assert.ok(messages.some((m) => /^9: .*major version suffix/.test(m)));
    assert.ok(messages.some((m) => /^11: .*neither a module version nor a local path/.test(m)));
  });

  it("empty: nothing, no errors", () => {
    assert.deepEqual(fixture("empty"), { packages: [], errors: [] });
  });

  it("arbitrary text never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        vendorModulesExtractor.extract({
          path: "vendor/modules.txt",
          text: `# ${text}`,
          readFile: async () => undefined,
        });
      }),
      { numRuns: 300 },
    );
  });
});
