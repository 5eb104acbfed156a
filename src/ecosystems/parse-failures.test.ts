import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { InventoryError } from "../model/inventory.js";
import { sbomExtractors } from "../sbom/extractors.js";
import { corpusPath } from "../testing/corpus.js";
import { ExtractError } from "./errors.js";
import { allExtractors } from "./index.js";
import type { Extractor } from "./types.js";

// One shape for the parse failures of every format: a real fixture of each format is cut short, and whatever
// the extractor says about it — a thrown ExtractError or an entry of `errors` — names what is wrong without
// the file's path (the inventory reports it against the file), with the line wherever the format's parser can
// know it and the column where the parser reports one (JSON, YAML, TOML, XML). Each cut lands where the
// format's structure is broken: for line-based formats a line cut in its middle, for the others mid-document.
// Gleam's manifest.toml has no real fixture in the corpus; it parses through the same parseTomlText as gleam.toml.

const registry = [...allExtractors(), ...sbomExtractors];
const extractors = new Map<string, Extractor>();
for (const entry of registry) extractors.set(entry.format, await entry.load());

/** Keeps `text` up to `extra` characters past the last (or first) `needle`. */
const after =
  (needle: string, extra = 0, first = false) =>
  (text: string): string => {
    const at = first ? text.indexOf(needle) : text.lastIndexOf(needle);
    assert.ok(at >= 0, `fixture holds ${JSON.stringify(needle)}`);
    return text.slice(0, at + needle.length + extra);
  };
/** Keeps the first `share` of the text. */
const share = (part: number) => (text: string) => text.slice(0, Math.floor(text.length * part));

interface Case {
  format: string;
  fixture: string;
  /** The path the extractor is given (in a folder, so that a message naming the file kind is not the path). */
  path: string;
  cut: (text: string) => string;
  /** Whether the parser can know the line (false: the file is refused as a whole). */
  line: boolean;
  /** Whether a thrown syntax error gives the column (the JSON, YAML, TOML and XML parsers report one). */
  column: boolean;
}

const at = (format: string, fixture: string, path: string, cut: Case["cut"], column = true): Case => ({
  format,
  fixture,
  path,
  cut,
  line: true,
  column,
});

const CASES: Case[] = [
  at(
    "package-lock.json",
    "javascript/packagelockjson/one-package.v2.json",
    "app/package-lock.json",
    share(0.6),
  ),
  at(
    "npm-shrinkwrap.json",
    "javascript/packagelockjson/one-package.v2.json",
    "app/npm-shrinkwrap.json",
    share(0.6),
  ),
  at(
    "yarn.lock",
    "javascript/yarnlock/two-packages.v1.lock",
    "app/yarn.lock",
    after("concat-map@0.0", 0, true),
    false,
  ),
  at(
    "pnpm-lock.yaml",
    "javascript/pnpmlock/one-package.v9.yaml",
    "app/pnpm-lock.yaml",
    after("resolution: {", 4),
  ),
  at("bun.lock", "javascript/bunlock/two-packages.json5", "app/bun.lock", share(0.6)),
  at("package.json", "javascript/packagejson/package.json", "app/package.json", share(0.6)),
  at(
    "requirements.txt",
    "python/requirements/with_versions.txt",
    "app/requirements.txt",
    after("==", 0, true),
    false,
  ),
  at("poetry.lock", "python/poetrylock/two-packages.lock", "app/poetry.lock", after('version = "', 2, true)),
  at("Pipfile.lock", "python/pipfilelock/two-packages.json", "app/Pipfile.lock", share(0.6)),
  at("pdm.lock", "python/pdmlock/two-packages.toml", "app/pdm.lock", after('version = "', 2)),
  at("uv.lock", "python/uvlock/two-packages.lock", "app/uv.lock", after('version = "', 2)),
  at("pylock.toml", "python/pylock/example.toml", "app/pylock.toml", after("version = '", 2, true)),
  at("pom.xml", "java/pomxml/two-packages.xml", "app/pom.xml", share(0.6)),
  at(
    "gradle.lockfile",
    "java/gradlelockfile/5-pkg",
    "app/gradle.lockfile",
    after("org.springframework.boot:spring", 0, true),
    false,
  ),
  at(
    "verification-metadata.xml",
    "java/gradleverificationmetadataxml/two-packages.xml",
    "app/gradle/verification-metadata.xml",
    share(0.6),
  ),
  at(
    "libs.versions.toml",
    "java/gradleversioncatalog/libs.versions.toml",
    "app/gradle/libs.versions.toml",
    after('"', 2, true),
  ),
  at("go.mod", "golang/gomod/two-packages.mod", "app/go.mod", after("require (", 1), false),
  at(
    "modules.txt",
    "golang/vendormodules/valid/vendor/modules.txt",
    "app/vendor/modules.txt",
    after("# ", 6, true),
    false,
  ),
  at("Cargo.lock", "rust/cargolock/two-packages.lock", "app/Cargo.lock", after('version = "', 2)),
  at("Cargo.toml", "rust/cargotoml/two-dependencies.toml", "app/Cargo.toml", after('"', 2, true)),
  at("Gemfile.lock", "ruby/gemfilelock/one-gem.lock", "app/Gemfile.lock", after("    ", 4, true), false),
  at(
    "packages.lock.json",
    "dotnet/packageslockjson/valid/packages.lock.json",
    "app/packages.lock.json",
    share(0.6),
  ),
  at("packages.config", "dotnet/packagesconfig/valid", "app/packages.config", share(0.6)),
  at("csproj", "dotnet/csproj/valid", "app/App.csproj", share(0.6)),
  at("deps.json", "dotnet/depsjson/valid", "app/App.deps.json", share(0.6)),
  at("composer.lock", "php/composerlock/two-packages.json", "app/composer.lock", share(0.6)),
  at("pubspec.lock", "dart/pubspec/source-git.lock", "app/pubspec.lock", share(0.6)),
  at(
    "mix.lock",
    "erlang/mixlock/two-packages.lock",
    "app/mix.lock",
    after('"plug": {:hex, :plug, "1.1', 0, true),
    false,
  ),
  at("gleam.toml", "gleam/gleamtoml/only-deps.toml", "app/gleam.toml", after('"', 2, true)),
  // block YAML cut short is still YAML: the entry left without its "hackage:" value is reported, and js-yaml
  // keeps no positions of nodes
  {
    ...at("stack.yaml.lock", "haskell/stacklock/valid", "app/stack.yaml.lock", after("hackage: ", 0, true)),
    line: false,
    column: false,
  },
  at("cabal.project.freeze", "haskell/cabal/valid", "app/cabal.project.freeze", after(" =", 0, true), false),
  at("renv.lock", "r/renvlock/two-packages.lock", "app/renv.lock", share(0.6)),
  at("Package.resolved", "swift/packageresolved/valid", "app/Package.resolved", share(0.6)),
  at(
    "Podfile.lock",
    "swift/podfilelock/valid",
    "app/Podfile.lock",
    after("GlossButtonNode (3.1", 0, true),
    false,
  ),
  at("conan.lock", "cpp/conanlock/two-packages.v2.json", "app/conan.lock", share(0.6)),
  at(
    "Manifest.toml",
    "julia/manifesttoml/only-version-dependency.toml",
    "app/Manifest.toml",
    after('"', 2, true),
  ),
  at("status", "os/dpkg/dpkg/valid", "img/var/lib/dpkg/status", after("\nVersion", 0, true), false),
  at("installed", "os/apk/installed", "img/lib/apk/db/installed", after("\nV", 0, true), false),
  at(
    "workflow.yml",
    "misc/githubactions/valid.yml",
    ".github/workflows/ci.yml",
    after("uses: ", 1, true),
    false,
  ),
  at("bom.json", "sbom/cdx/sbom.cdx.json", "app/bom.json", share(0.6)),
  at("bom.xml", "sbom/cdx/sbom.cdx.xml", "app/bom.xml", share(0.6)),
  at("spdx.json", "sbom/spdx/sbom.spdx.json", "app/sbom.spdx.json", share(0.6)),
  at("spdx.yaml", "sbom/spdx/sbom.spdx.yml", "app/sbom.spdx.yaml", after('"', 3, true)),
  { ...at("spdx", "sbom/spdx/sbom.spdx", "app/sbom.spdx", after("\nRelationship: ", 5, true), false) },
  {
    format: "gemspec",
    fixture: "ruby/gemspec/rss-0.2.9.gemspec",
    path: "app/rss.gemspec",
    cut: after("Gem::Specification.new do", 0),
    line: false,
    column: false,
  },
];

// Bulwark's own inventory JSON is no corpus file: its truncation case is in src/inventory/json-reader.test.ts,
// on the inventory of a real corpus project.
const ELSEWHERE = new Set(["manifest.toml", "bulwark-inventory.json"]);

test("every extractor of the registry has a truncation case (Gleam's manifest.toml: no real fixture)", () => {
  const covered = new Set(CASES.map((c) => c.format));
  const missing = registry.map((e) => e.format).filter((f) => !covered.has(f) && !ELSEWHERE.has(f));
  assert.deepEqual(missing, []);
});

for (const kase of CASES) {
  test(`${kase.format}: a truncated ${kase.fixture} is reported without the path${kase.line ? ", with its line" : ""}${kase.column ? " and column" : ""}`, async () => {
    const extractor = extractors.get(kase.format);
    assert.ok(extractor, kase.format);
    const text = kase.cut(readFileSync(corpusPath("lockfiles", kase.fixture), "utf8"));
    const failures: (ExtractError | InventoryError)[] = [];
    try {
      const result = await extractor.extract({ path: kase.path, text, readFile: async () => undefined });
      failures.push(...(result.errors ?? []));
    } catch (error) {
      assert.ok(error instanceof ExtractError, `${kase.format} threw ${String(error)}`);
      assert.equal(error.code, "PARSE_FAILED");
      assert.ok(error.hint, `${kase.format}: a hint`);
      failures.push(error);
    }
    assert.ok(failures.length > 0, `${kase.format}: the cut file is reported`);
    for (const failure of failures) {
      assert.ok(!failure.message.includes(kase.path), `the path is not repeated: ${failure.message}`);
      if (kase.line) assert.ok((failure.line ?? 0) > 0, `a line: ${failure.message}`);
      if (kase.column && failure instanceof ExtractError) {
        assert.ok((failure.column ?? 0) > 0, `a column: ${failure.message}`);
      }
    }
  });
}
