import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { sbomExtractors } from "../sbom/extractors.js";
import { corpusPath } from "../testing/corpus.js";
import { assertParseFailure } from "../testing/extractor-kit.js";
import { allExtractors } from "./index.js";
import type { Extractor, ExtractResult } from "./types.js";

// Malformed and hostile input, from the issue "What a new user and a hostile-input campaign found" (items 7–10
// and 20) and the rule for every extractor: a file that yields fewer packages than its structure declares, or
// none while it is not empty, reports an error for that file. Every input is a real corpus fixture mutated
// here (CR-only line endings, a dropped colon, a broken comment, an entity, a garbage line...).

const registry = [...allExtractors(), ...sbomExtractors];
const byFormat = new Map<string, Extractor>();
for (const entry of registry) byFormat.set(entry.format, await entry.load());

const fixture = (name: string) => readFileSync(corpusPath("lockfiles", name), "utf8");
const extract = (format: string, path: string, text: string): Promise<ExtractResult> =>
  Promise.resolve(byFormat.get(format)!.extract({ path, text, readFile: async () => undefined }));
const ids = (r: ExtractResult) => r.packages.map((p) => `${p.name}@${p.version}`).sort();
const placed = (r: ExtractResult) =>
  r.packages.map((p) => `${p.name}@${p.version}:${p.locations[0]?.line}`).sort();
const crOnly = (text: string) => text.replace(/\r?\n/g, "\r");
const crlf = (text: string) => text.replace(/\r?\n/g, "\r\n");

describe("7. XML that is not one well-formed document is refused, not read in part", () => {
  it("packages.config with a <package> outside the root element", async () => {
    const text = fixture("dotnet/packagesconfig/valid").replace(
      /(\n {2}<package [^\n]*\n)(<\/packages>)/,
      "\n$2$1",
    );
    assert.match(text, /<\/packages>\n {2}<package /, "the mutation moved the last package out");
    await assertParseFailure(() => extract("packages.config", "src/App/packages.config", text), {
      path: "src/App/packages.config",
      message: /a second root element/,
      line: 5,
      column: 3,
    });
  });

  it('pom.xml with a broken "<!-" comment', async () => {
    const text = fixture("java/pomxml/one-package.xml").replace(
      "  <dependencies>",
      "  <!- pinned -->\n  <dependencies>",
    );
    await assertParseFailure(() => extract("pom.xml", "app/pom.xml", text), {
      path: "app/pom.xml",
      message: /"<!" starts neither a comment/,
      line: 6,
      column: 3,
    });
  });
});

describe("8. line endings: CR LF is read everywhere; a lone CR is read where the format's tool reads it, else refused", () => {
  // Formats whose own tools end a line at a lone CR: the same packages at the same lines as with LF.
  for (const [format, name, path] of [
    ["yarn.lock", "javascript/yarnlock/two-packages.v1.lock", "yarn.lock"],
    ["mix.lock", "erlang/mixlock/two-packages.lock", "mix.lock"],
    ["gradle.lockfile", "java/gradlelockfile/5-pkg", "gradle.lockfile"],
    ["requirements.txt", "python/requirements/with_versions.txt", "requirements.txt"],
    ["pnpm-lock.yaml", "javascript/pnpmlock/one-package.v9.yaml", "pnpm-lock.yaml"],
    ["pom.xml", "java/pomxml/two-packages.xml", "pom.xml"],
  ] as const) {
    it(`${format}: CR-only and CR LF files give the packages and lines of the LF file`, async () => {
      const text = fixture(name);
      const lf = await extract(format, path, text);
      assert.ok(lf.packages.length > 0);
      for (const variant of [crOnly(text), crlf(text)]) {
        const read = await extract(format, path, variant);
        assert.deepEqual(placed(read), placed(lf));
        assert.deepEqual(read.errors ?? [], lf.errors ?? []);
      }
    });
  }

  // Formats whose tools read only LF and CR LF: a lone CR is an error at its line, never zero packages.
  for (const [format, name, path, tool] of [
    ["go.mod", "golang/gomod/two-packages.mod", "app/go.mod", "the go command"],
    ["Gemfile.lock", "ruby/gemfilelock/multiple-gems.lock", "app/Gemfile.lock", "Bundler"],
    ["cabal.project.freeze", "haskell/cabal/valid", "app/cabal.project.freeze", "cabal"],
    ["status", "os/dpkg/dpkg/valid", "img/var/lib/dpkg/status", "dpkg"],
  ] as const) {
    it(`${format}: a CR-only file is refused at its first line; CR LF reads like LF`, async () => {
      const text = fixture(name);
      const lf = await extract(format, path, text);
      assert.ok(lf.packages.length > 0);
      assert.deepEqual(placed(await extract(format, path, crlf(text))), placed(lf));
      await assertParseFailure(() => extract(format, path, crOnly(text)), {
        path,
        message: new RegExp(
          `a lone CR \\(classic Mac line break\\) ends a line, which ${tool} does not read`,
        ),
        line: 1,
        column: text.indexOf("\n") + 1,
      });
    });
  }

  it("cabal.project.freeze: a garbage line inside constraints: is reported, the constraints after it still read", async () => {
    const text = fixture("haskell/cabal/valid");
    const lines = text.split("\n");
    lines.splice(3, 0, "garbage");
    const read = await extract("cabal.project.freeze", "cabal.project.freeze", lines.join("\n"));
    assert.deepEqual(ids(read), ids(await extract("cabal.project.freeze", "cabal.project.freeze", text)));
    assert.deepEqual(
      read.errors?.map((e) => [e.line, e.message]),
      [[4, '"garbage" is neither a field nor an indented constraint']],
    );
  });
});

describe("9. pnpm-lock.yaml: a lost packages section is an error, not a project without dependencies", () => {
  it("a packages: key that lost its colon is a YAML error at the line after it", async () => {
    const text = fixture("javascript/pnpmlock/one-package.v9.yaml").replace("\npackages:", "\npackages");
    await assertParseFailure(() => extract("pnpm-lock.yaml", "app/pnpm-lock.yaml", text), {
      path: "app/pnpm-lock.yaml",
      message: /not valid YAML at line 17, column \d+/,
      line: 17,
      column: true,
    });
  });

  it("a packages section under another name: the importers' dependencies are said to be unread", async () => {
    for (const name of ["one-package.v9.yaml", "one-package.yaml"]) {
      const text = fixture(`javascript/pnpmlock/${name}`).replace("\npackages:", "\npackages-x:");
      const read = await extract("pnpm-lock.yaml", "pnpm-lock.yaml", text);
      assert.deepEqual(read.packages, []);
      assert.deepEqual(
        read.errors?.map((e) => e.message),
        [
          'the importers declare 1 dependencies but the lockfile has no "packages" entries: none could be read',
        ],
        name,
      );
    }
  });

  it("a lockfile without dependencies is not an error", async () => {
    const read = await extract(
      "pnpm-lock.yaml",
      "pnpm-lock.yaml",
      fixture("javascript/pnpmlock/no-packages.v9.yaml"),
    );
    assert.deepEqual(read, { packages: [], errors: [] });
  });
});

describe("10. pom.xml: entities are never values; a <parent> without coordinates is said so", () => {
  it("an internal DTD entity used as the version is refused at its place", async () => {
    const text = fixture("java/pomxml/one-package.xml")
      .replace("<project>", '<!DOCTYPE project [<!ENTITY lol9 "1.0.0">]>\n<project>')
      .replace("<version>1.0.0</version>", "<version>&lol9;</version>");
    await assertParseFailure(() => extract("pom.xml", "app/pom.xml", text), {
      path: "app/pom.xml",
      message: /entity reference &lol9; is not one of XML's predefined entities/,
      line: 11,
      column: 16,
    });
  });

  it("a <parent> without artifactId and version: the error names what is missing, never 'undefined'", async () => {
    const text = fixture("java/pomxml/with-parent.xml")
      .replace("    <artifactId>parent-pom</artifactId>\n", "")
      .replace("    <version>1.0</version>\n    <relativePath>", "    <relativePath>");
    const read = await extract("pom.xml", "pom.xml", text);
    const parent = read.errors?.find((e) => e.line === 6);
    assert.equal(
      parent?.message,
      "<parent> without artifactId, version: its dependencies, properties and versions are unknown",
    );
    assert.ok(!read.errors?.some((e) => e.message.includes("undefined")), JSON.stringify(read.errors));
  });
});

describe("20. requirements.txt lines are direct requirements", () => {
  it("every package of a hand-written requirements file is direct", async () => {
    const read = await extract(
      "requirements.txt",
      "requirements.txt",
      fixture("python/requirements/with_versions.txt"),
    );
    assert.ok(read.packages.length > 0);
    assert.deepEqual(
      read.packages.filter((p) => p.direct !== true).map((p) => p.name),
      [],
    );
  });
});

describe("the rule: what a file's structure declares is read or reported", () => {
  // Each mutation keeps the declaration and breaks one entry; before, the entry vanished without a word.
  const cases: [string, string, string, (text: string) => string, RegExp][] = [
    [
      "packages.lock.json",
      "dotnet/packageslockjson/valid/packages.lock.json",
      "packages.lock.json",
      (t) => t.replace(/"resolved": "[^"]*",/, ""),
      /has no resolved version: skipped/,
    ],
    [
      "stack.yaml.lock",
      "haskell/stacklock/valid",
      "stack.yaml.lock",
      (t) => t.replace("- completed:", "- complete:"),
      /packages\[0\] has no "completed" mapping: skipped/,
    ],
    [
      "Gemfile.lock",
      "ruby/gemfilelock/multiple-gems.lock",
      "Gemfile.lock",
      (t) => t.replace("    coderay (1.1.3)", "     coderay (1.1.3)"),
      /unexpected indentation: "coderay \(1\.1\.3\)" not read/,
    ],
    [
      "mix.lock",
      "erlang/mixlock/two-packages.lock",
      "mix.lock",
      (t) => t.replace('  "plug_crypto"', "  plug_crypto"),
      /not a mix\.lock entry line: plug_crypto/,
    ],
    [
      "package.json",
      "javascript/packagejson/package-with-deps.json",
      "package.json",
      (t) => t.replace(/"dep2": "[^"]*"/, '"dep2": 2'),
      /dependencies\.dep2 is not a version string: skipped/,
    ],
    [
      "renv.lock",
      "r/renvlock/two-packages.lock",
      "renv.lock",
      (t) =>
        t
          .replace(/("Packages": \{\s*"[^"]+": )\{/, "$1[{")
          .replace(/("Packages": \{\s*"[^"]+": \[[\s\S]*?\n {4}\})/, "$1]"),
      /is not an object: skipped/,
    ],
  ];
  for (const [format, name, path, mutate, reported] of cases) {
    it(`${format}: an entry that cannot be read is reported (${name})`, async () => {
      const text = fixture(name);
      const before = await extract(format, path, text);
      const mutated = mutate(text);
      assert.notEqual(mutated, text, "the mutation applies");
      const after = await extract(format, path, mutated);
      assert.ok(after.packages.length < before.packages.length, "one package fewer");
      assert.ok(
        after.errors?.some((e) => reported.test(e.message)),
        `reported: ${JSON.stringify(after.errors)}`,
      );
    });
  }

  it("Gemfile.lock: a non-empty file with none of Bundler's sections is refused, an empty one is not", async () => {
    const text = fixture("ruby/gemfilelock/one-gem.lock").replace(/^[A-Z ]+$/gm, (s) => s.toLowerCase());
    await assertParseFailure(() => extract("Gemfile.lock", "app/Gemfile.lock", text), {
      path: "app/Gemfile.lock",
      message: /no GEM, GIT, PATH or DEPENDENCIES section/,
    });
    assert.deepEqual(await extract("Gemfile.lock", "Gemfile.lock", ""), { packages: [], errors: [] });
  });

  it("package-lock.json v3 whose packages map is gone is refused, not read as empty", async () => {
    const text = fixture("javascript/packagelockjson/one-package.v2.json")
      .replace('"lockfileVersion": 2', '"lockfileVersion": 3')
      .replace('"packages":', '"packagez":')
      .replace('"dependencies": {\n    "wrappy"', '"dependencies_": {\n    "wrappy"');
    await assertParseFailure(() => extract("package-lock.json", "app/package-lock.json", text), {
      path: "app/package-lock.json",
      message: /lockfileVersion 3 without a "packages" object/,
    });
  });
});

it("an npm package-lock read as pnpm-lock.yaml is refused, never bogus packages (issue: `--lockfile pnpm-lock.yaml:package-lock.json`)", async () => {
  const { extractPnpmLock } = await import("./npm/pnpm-lock.js");
  for (const project of ["sigstore-js", "dependency-track-frontend"]) {
    const text = readFileSync(corpusPath("projects", project, "package-lock.json"), "utf8");
    assert.throws(
      () => extractPnpmLock({ path: "package-lock.json", text, readFile: async () => undefined }),
      /this is an npm package-lock, not a pnpm lockfile/,
      project,
    );
  }
  // and a real pnpm lockfile still reads
  const pnpm = readFileSync(corpusPath("projects", "renovate", "pnpm-lock.yaml"), "utf8");
  assert.ok(
    extractPnpmLock({ path: "pnpm-lock.yaml", text: pnpm, readFile: async () => undefined }).packages.length >
      1000,
  );
});
