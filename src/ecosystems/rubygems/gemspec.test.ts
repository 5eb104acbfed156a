import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertOnlyErrors } from "../../testing/extractor-kit.js";
import { ExtractError } from "../errors.js";
import { gemspecExtractor } from "./gemspec.js";

// corpus/lockfiles/ruby/gemspec has fixtures but no expected.json: each expectation below was read off the
// fixture and the version.rb it requires.
const fixture = async (name: string) => {
  const file = corpusPath("lockfiles", "ruby", "gemspec", name);
  return await gemspecExtractor.extract({
    path: name,
    text: readFileSync(file, "utf8"),
    readFile: async (p) => {
      const real = join(dirname(file), p);
      return existsSync(real) ? readFileSync(real, "utf8") : undefined;
    },
  });
};
const gem = async (name: string) =>
  (await fixture(name)).packages.map((p) => `${p.name}@${p.version}${p.resolved ? "" : " (unresolved)"}`);

describe("gemspec extractor", () => {
  it("literal name and version (installed gem specifications)", async () => {
    assert.deepEqual(await gem("yaml-0.2.1.gemspec"), ["yaml@0.2.1"]);
    assert.deepEqual(await gem("rss-0.2.9.gemspec"), ["rss@0.2.9"]);
    assert.deepEqual((await fixture("yaml-0.2.1.gemspec")).packages[0].locations, [
      { path: "yaml-0.2.1.gemspec", line: 5 },
    ]);
    assert.equal((await fixture("yaml-0.2.1.gemspec")).packages[0].purl, "pkg:gem/yaml@0.2.1");
  });

  it("a VERSION constant defined in the gemspec itself", async () => {
    assert.deepEqual(await gem("version_inline.gemspec"), ["example_inline@3.0.0"]);
  });

  for (const [dir, expected] of [
    ["version_constant", "example_app@1.2.3"],
    ["version_constant_class", "example_app@3.0.0"],
    ["version_constant_conditional", "example_app_conditional@9.0.1"],
    ["version_constant_different_casing", "example_app@4.0.0"],
    ["version_constant_dirname", "example_app_dirname@8.9.0"],
    ["version_constant_expand", "example_app_expand@5.6.7"],
    ["version_constant_expand_join", "example_app_expand_join@6.7.8"],
    ["version_constant_freeze", "example_app_freeze@2.3.4"],
    ["version_constant_join", "example_app_join@4.5.6"],
    ["version_constant_join_multiline", "example_app_join_multiline@7.8.9"],
    ["version_constant_require", "example_app_require@0.9.9"],
    ["version_load_path", "example_app@2.0.0"],
    ["version_method", "example_app@1.0.0"],
  ]) {
    it(`${dir}: version from the required lib/example_app/version.rb`, async () => {
      assert.deepEqual(await gem(`${dir}/${dir}.gemspec`), [expected]);
    });
  }

  it("version_constant_missing: the constant is not defined, so the gem is unresolved with an error", async () => {
    const r = await fixture("version_constant_missing/version_constant_missing.gemspec");
    assert.deepEqual(await gem("version_constant_missing/version_constant_missing.gemspec"), [
      "example_missing@ (unresolved)",
    ]);
    assert.match(r.errors?.[0].message ?? "", /ExampleApp::VERSION could not be found/);
  });

  it("badspec, invalid and a non-gemspec Ruby file are ExtractErrors", async () => {
    await assert.rejects(async () => fixture("badspec.gemspec"), /not a gemspec/);
    await assert.rejects(
      async () => fixture("invalid.gemspec"),
      (e: unknown) => e instanceof ExtractError && e.line === 6,
    );
    await assert.rejects(async () => fixture("test.rb"), ExtractError);
    await assert.rejects(async () => fixture("empty.gemspec"), ExtractError);
  });

  it("arbitrary text never throws anything but an Error", async () => {
    await assertOnlyErrors(
      (text) => gemspecExtractor.extract({ path: "x.gemspec", text, readFile: async () => text }),
      "require_relative File.join(\n 'lib',\n 'v'\n)\nGem::Specification.new do |s|\n  s.name = 'a'\n  s.version = A::VERSION\nend\n",
    );
  });
});
