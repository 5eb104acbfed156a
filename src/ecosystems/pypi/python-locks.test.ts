import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { runLockfileSuite } from "../../testing/extractor-kit.js";
import { extractFixture } from "../../testing/lockfile-cases.js";
import { ExtractError } from "../errors.js";
import { pdmLockExtractor } from "./pdm-lock.js";
import { pipfileLockExtractor } from "./pipfile-lock.js";
import { poetryLockExtractor } from "./poetry-lock.js";
import { pylockExtractor } from "./pylock.js";
import { uvLockExtractor } from "./uv-lock.js";

runLockfileSuite("python", "poetrylock", { strictCommit: true, extractor: () => poetryLockExtractor });
runLockfileSuite("python", "pdmlock", { strictCommit: true, extractor: () => pdmLockExtractor });
runLockfileSuite("python", "uvlock", { strictCommit: true, extractor: () => uvLockExtractor });
runLockfileSuite("python", "pylock", { strictCommit: true, extractor: () => pylockExtractor });
const pipfile = runLockfileSuite("python", "pipfilelock", {
  strictCommit: true,
  extractor: () => pipfileLockExtractor,
  overrides: {
    "no-version.json": {
      reason:
        'DISAGREEMENT: upstream skips git entries without a version; we keep them (version "", resolved:false, the git ref as commit) so nothing disappears',
      check: (r) => {
        assert.deepEqual(
          r.packages.map((p) => [p.name, p.version, p.resolved, p.commit, p.groups]),
          [
            ["markupsafe", "", false, "b36054111bc1e8bbadb5d0d60158feb72926f467", []],
            ["itsdangerous", "", false, "de09cad488a4d7c7bbcbcdb8e1c2dfde64325f48", ["dev"]],
          ],
        );
      },
    },
  },
});

test("Pipfile.lock keeps hashes", async () => {
  const r = await extractFixture(pipfileLockExtractor, pipfile, "one-package.json");
  assert.ok(r.packages[0]?.hashes?.every((h) => h.startsWith("sha256:")));
});

test("osv.dev poetry.lock: 63 packages with groups and edges", async () => {
  // Independently: python3 -c 'import tomllib; d=tomllib.load(open("poetry.lock","rb"))["package"];
  //   print(len({(p["name"],p["version"]) for p in d}), sum(1 for p in d if p.get("groups")==["dev"]))' -> 63 17
  const path = corpusPath("projects", "osv.dev", "poetry.lock");
  const r = await poetryLockExtractor.extract({
    path: "poetry.lock",
    text: readFileSync(path, "utf8"),
    readFile: async () => undefined,
  });
  assert.equal(new Set(r.packages.map((p) => `${p.name}@${p.version}`)).size, 63);
  assert.equal(r.packages.filter((p) => p.groups.length === 1 && p.groups[0] === "dev").length, 17);
  const purls = new Set(r.packages.map((p) => p.purl));
  assert.ok(r.packages.some((p) => p.dependencies.length > 0));
  for (const p of r.packages) for (const d of p.dependencies) assert.ok(purls.has(d), `${p.purl} -> ${d}`);
  assert.ok(r.packages.every((p) => typeof p.locations[0]?.line === "number"));
});

test("a package table that is not an array of tables makes the lockfile unreadable, naming the table", async () => {
  for (const [extractor, table] of [
    [poetryLockExtractor, "package"],
    [pdmLockExtractor, "package"],
    [uvLockExtractor, "package"],
    [pylockExtractor, "packages"],
  ] as const) {
    await assert.rejects(
      async () =>
        extractor.extract({
          path: extractor.format,
          text: `${table} = 1\n`,
          readFile: async () => undefined,
        }),
      (e: unknown) =>
        e instanceof ExtractError && e.message === `could not extract: "${table}" is not an array of tables`,
    );
  }
});

test("entries without a name are reported, not dropped silently", async () => {
  const text = '[[package]]\nversion = "1.0"\n\n[[package]]\nname = "ok"\nversion = "2.0"\n';
  for (const extractor of [poetryLockExtractor, pdmLockExtractor, uvLockExtractor]) {
    const r = await extractor.extract({ path: extractor.format, text, readFile: async () => undefined });
    assert.deepEqual(
      r.packages.map((p) => [p.name, p.version, p.locations[0]?.line]),
      [["ok", "2.0", 5]],
    );
    assert.deepEqual(r.errors, [
      { path: extractor.format, message: "[[package]] entry 1 has no name; not read" },
    ]);
  }
  const pipfile = pipfileLockExtractor.extract({
    path: "Pipfile.lock",
    text: '{"default": {"a": "==1.0", "b": {"version": "==2.0"}}}',
    readFile: async () => undefined,
  });
  assert.deepEqual(
    pipfile.packages.map((p) => p.name),
    ["b"],
  );
  assert.match(pipfile.errors?.[0]?.message ?? "", /default\.a is not an object/);
});
