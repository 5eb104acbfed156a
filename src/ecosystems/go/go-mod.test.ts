import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Package } from "../../model/package.js";
import { corpusPath } from "../../testing/corpus.js";
import { assertExpectedPackages } from "../../testing/extractor-kit.js";
import { extractFixture, loadLockfileSuite } from "../../testing/lockfile-cases.js";
import { ExtractError } from "../errors.js";
import type { ExtractResult } from "../types.js";
import { goModExtractor } from "./go-mod.js";

const suite = loadLockfileSuite("golang", "gomod");
const extract = async (text: string, files: Record<string, string> = {}): Promise<ExtractResult> =>
  goModExtractor.extract({ path: "go.mod", text, readFile: async (p) => files[p] });
const find = (r: ExtractResult, name: string) => r.packages.filter((p) => p.name === name);
// A module replaced by a local folder has no version and no purl (it is not a published module).
const isLocalReplacement = (p: Package) => !p.resolved && p.version === "" && /^\.{0,2}\//.test(p.name);

describe("go.mod extractor: corpus cases (osv-scalibr gomod)", () => {
  for (const kase of suite.cases) {
    it(`${kase.fixture}${kase.note ? ` — ${kase.note}` : ""}`, async () => {
      if (kase.expectError) {
        await assert.rejects(async () => extractFixture(goModExtractor, suite, kase.fixture), ExtractError);
        return;
      }
      const result = await extractFixture(goModExtractor, suite, kase.fixture);
      assertExpectedPackages(result.packages, kase, { withoutPurl: isLocalReplacement });
    });
  }

  // Upstream's excludeIndirect option is not offered: Bulwark reports indirect requirements with direct=false,
  // so the variant is checked as "the direct packages (plus stdlib) are exactly the expected ones".
  for (const kase of suite.configVariantCases) {
    it(`${kase.fixture} with ${JSON.stringify(kase.config)}: direct packages`, async () => {
      const result = await extractFixture(goModExtractor, suite, kase.fixture);
      const direct = result.packages.filter((p) => p.direct !== false);
      assertExpectedPackages(direct, kase, { withoutPurl: isLocalReplacement });
    });
  }
});

describe("go.mod extractor: details", () => {
  it("gives lines, indirect flags and the stdlib location", async () => {
    const r = await extractFixture(goModExtractor, suite, "indirect-packages.mod");
    const toml = find(r, "github.com/BurntSushi/toml")[0];
    assert.deepEqual(toml.locations, [{ path: "indirect-packages.mod", line: 6 }]);
    assert.equal(toml.direct, true);
    assert.equal(toml.purl, "pkg:golang/github.com/BurntSushi/toml@1.0.0");
    const sys = find(r, "golang.org/x/sys")[0];
    assert.equal(sys.direct, false);
    assert.equal(sys.locations[0].line, 13);
    assert.deepEqual(find(r, "stdlib")[0].locations, [{ path: "indirect-packages.mod", line: 3 }]);
  });

  it("reads go.sum beside a go 1.16 module, locating go.sum-only modules there", async () => {
    const r = await extractFixture(goModExtractor, suite, "indirect-1.16.mod");
    assert.deepEqual(find(r, "github.com/sirupsen/logrus")[0].locations, [
      { path: "indirect-1.16.mod", line: 5 },
      { path: "indirect-1.16.sum", line: 6 },
    ]);
    const spew = find(r, "github.com/davecgh/go-spew")[0];
    assert.deepEqual(spew.locations, [{ path: "indirect-1.16.sum", line: 2 }]);
    assert.equal(spew.direct, false);
    assert.deepEqual(spew.hashes, ["h1:vj9j/u1bqnvCEfJOwUhtlOARqs3+rkHYY13jYWTU97c="]);
  });

  it("does not read a malformed go.sum beside a go 1.23 module", async () => {
    const r = await extractFixture(goModExtractor, suite, "indirect-1.23.mod");
    assert.deepEqual(r.errors, []);
  });

  it("reports a local-path replacement unresolved, without a purl", async () => {
    const r = await extractFixture(goModExtractor, suite, "replace-local.mod");
    const local = find(r, "./fork/net")[0];
    assert.equal(local.resolved, false);
    assert.equal(local.purl, "");
    assert.equal(local.locations[0].line, 2);
  });

  it("reports an excluded required version as unresolved, with an error", async () => {
    const r = await extract(
      "module m\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n\nexclude example.com/a v1.0.0\n",
    );
    assert.equal(find(r, "example.com/a")[0].resolved, false);
    assert.equal(r.errors?.[0].line, 5);
    assert.match(r.errors?.[0].message ?? "", /excluded/);
  });

  it("keeps quoted paths, retract and tool directives, and // comments", async () => {
    const r = await extract(
      'module m // root\ngo 1.22\nrequire "example.com/q" v1.2.3 // indirect; reason\nretract v1.0.0\ntool example.com/t\n',
    );
    assert.deepEqual(
      r.packages.map((p) => [p.name, p.version, p.direct]),
      [
        ["example.com/q", "1.2.3", false],
        ["stdlib", "1.22", true],
      ],
    );
  });

  it("reports a malformed require and keeps the others", async () => {
    const r = await extract("module m\nrequire (\n  example.com/a\n  example.com/b v1.0.0\n)\n");
    assert.deepEqual(
      r.packages.map((p) => p.name),
      ["example.com/b"],
    );
    assert.equal(r.errors?.[0].line, 3);
  });
});

describe("go.mod extractor: real projects", () => {
  // Counts verified independently with awk over the require blocks:
  //   awk '/^require \($/{b=1;next} b&&/^\)$/{b=0} b&&NF{print $1, $2}' go.mod | sort -u | wc -l
  // (guac: 514 requirements, 424 with "// indirect"; scorecard: 296, 251 indirect), plus one stdlib package.
  for (const [project, requires, indirect, goVersion] of [
    ["guac", 514, 424, "1.26.0"],
    ["scorecard", 296, 251, "1.25.6"],
  ] as const) {
    it(`${project}/go.mod: ${requires} requirements + stdlib`, async () => {
      const path = corpusPath("projects", project, "go.mod");
      const r = await goModExtractor.extract({
        path: "go.mod",
        text: readFileSync(path, "utf8"),
        readFile: async () => undefined,
      });
      assert.equal(r.packages.length, requires + 1);
      assert.equal(r.packages.filter((p) => p.direct === false).length, indirect);
      assert.equal(find(r, "stdlib")[0].version, goVersion);
      assert.deepEqual(r.errors, []);
    });
  }

  it("guac: the replace directive pins runtime-spec to 1.2.1", async () => {
    const text = readFileSync(corpusPath("projects", "guac", "go.mod"), "utf8");
    const r = await goModExtractor.extract({ path: "go.mod", text, readFile: async () => undefined });
    assert.deepEqual(
      find(r, "github.com/opencontainers/runtime-spec").map((p) => p.version),
      ["1.2.1"],
    );
  });
});

describe("go.mod extractor: bad input", () => {
  it("names the line of an unknown directive", async () => {
    await assert.rejects(
      async () => extract("module m\n\x00\x01binary junk\n"),
      (e: unknown) => e instanceof ExtractError && e.line === 2 && /unknown directive/.test(e.message),
    );
  });

  it("reports a truncated require block", async () => {
    await assert.rejects(
      async () => extract("module m\nrequire (\n  example.com/a v1.0.0\n"),
      (e: unknown) => e instanceof ExtractError && e.line === 2 && /never closed/.test(e.message),
    );
  });

  it("arbitrary text never throws anything but an Error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), async (text) => {
        try {
          await extract(text);
        } catch (e) {
          assert.ok(e instanceof Error);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("line-shaped arbitrary input never throws anything but an ExtractError", async () => {
    const line = fc.oneof(
      fc.constantFrom("require (", ")", "replace (", "go 1.16", "toolchain go1.2", "=>", "// indirect"),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), async (lines) => {
        try {
          await extract(lines.join("\n"), { "go.sum": lines.join("\n") });
        } catch (e) {
          assert.ok(e instanceof ExtractError, String(e));
        }
      }),
      { numRuns: 500 },
    );
  });
});
