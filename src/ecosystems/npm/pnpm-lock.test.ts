import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { runLockfileSuite } from "../../testing/extractor-kit.js";
import { extractFixture, loadLockfileSuite } from "../../testing/lockfile-cases.js";
import { pnpmLockExtractor } from "./pnpm-lock.js";

/** Upstream returns an error together with the good packages; our extractor returns both as a result. */
const partial = (fixture: string, wanted: string[]) => ({
  reason: "bad dependency paths are non-fatal `errors` beside the packages, not a thrown error",
  check: (result: ReturnType<typeof pnpmLockExtractor.extract>) => {
    assert.deepEqual(
      result.packages.map((p) => `${p.name}@${p.version}`),
      ["acorn@8.7.0"],
    );
    const messages = (result.errors ?? []).map((e) => e.message).join("\n");
    for (const w of wanted) assert.match(messages, new RegExp(`invalid dependency path: ${w}`));
    assert.ok((result.errors ?? []).every((e) => e.path === fixture && typeof e.line === "number"));
  },
});

const suite = runLockfileSuite("javascript", "pnpmlock", {
  strictCommit: true,
  extractor: () => pnpmLockExtractor,
  overrides: {
    "invalid-path.yaml": partial("invalid-path.yaml", ["invalidpath"]),
    "invalid-paths.yaml": partial("invalid-paths.yaml", ["invalidpath1", "invalidpath2"]),
    "one-package-dev.v9.yaml": {
      reason:
        "DISAGREEMENT: upstream expects groups [] although acorn is only in the importer's devDependencies; pnpm v9 no longer writes `dev: true`, so we derive it from the importers: acorn is dev",
      check: (result) => {
        assert.deepEqual(
          result.packages.map((p) => [p.name, p.version, p.groups, p.locations[0]?.line]),
          [["acorn", "8.11.3", ["dev"], 17]],
        );
      },
    },
    "mixed-groups.v9.yaml": {
      reason:
        "DISAGREEMENT: upstream expects groups [] for all; the importer declares is-number as a devDependency and uuid as an optionalDependency (snapshot optional: true), so we report them as such",
      check: (result) => {
        const got = Object.fromEntries(result.packages.map((p) => [`${p.name}@${p.version}`, p.groups]));
        assert.deepEqual(got, {
          "ansi-regex@5.0.1": [],
          "is-number@7.0.0": ["dev"],
          "uuid@8.3.2": ["optional"],
        });
      },
    },
  },
});

test("pnpm exotic paths: keys naming no version are reported in errors, not dropped silently", async () => {
  const result = await extractFixture(pnpmLockExtractor, suite, "exotic.yaml");
  const messages = (result.errors ?? []).map((e) => e.message);
  assert.ok(messages.some((m) => m.includes("github.com/kevva/is-positive")));
  assert.ok(messages.some((m) => m.includes("/foo/bar")));
});

test("pnpm v9: direct dependencies come from the importers, edges from snapshots", async () => {
  const result = await extractFixture(
    pnpmLockExtractor,
    loadLockfileSuite("javascript", "pnpmlock"),
    "peer-dependencies-advanced.v9.yaml",
  );
  const byName = new Map(result.packages.map((p) => [p.name, p]));
  assert.equal(byName.get("eslint")?.direct, true);
  assert.equal(byName.get("debug")?.direct, false);
  assert.ok(byName.get("eslint")!.dependencies.some((d) => d.startsWith("pkg:npm/%40eslint/eslintrc@")));
});

test("renovate pnpm-lock.yaml (v9): 1,219 packages, importers give direct ones, every edge resolves", () => {
  const path = corpusPath("projects", "renovate", "pnpm-lock.yaml");
  const result = pnpmLockExtractor.extract({
    path: "pnpm-lock.yaml",
    text: readFileSync(path, "utf8"),
    readFile: async () => undefined,
  });
  // Independently: awk '/^packages:/{p=1;next} /^[a-z]/{p=0} p && /^  [^ ]/' pnpm-lock.yaml | wc -l  ->  1219
  assert.equal(result.packages.length, 1219);
  assert.equal(new Set(result.packages.map((p) => `${p.name}@${p.version}`)).size, 1219);
  assert.deepEqual(result.errors, []);
  const purls = new Set(result.packages.map((p) => p.purl));
  for (const p of result.packages)
    for (const d of p.dependencies) assert.ok(purls.has(d), `${p.purl} -> ${d}`);
  const zod = result.packages.find((p) => p.name === "zod");
  assert.equal(zod?.direct, true);
  assert.deepEqual(zod?.groups, []);
  assert.ok(
    result.packages.some((p) => p.groups.includes("dev") && p.direct === false),
    "dev-only transitive packages",
  );
});

test("pnpm: a file holding several YAML documents yields the packages of each", () => {
  const doc = (name: string, version: string) =>
    `lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      ${name}:\n        specifier: ^${version}\n        version: ${version}\npackages:\n  ${name}@${version}:\n    resolution: {integrity: sha512-x}\nsnapshots:\n  ${name}@${version}: {}\n`;
  const text = `---\n${doc("left-pad", "1.3.0")}---\n${doc("right-pad", "1.0.1")}`;
  const result = pnpmLockExtractor.extract({ path: "pnpm-lock.yaml", text, readFile: async () => undefined });
  assert.deepEqual(
    result.packages.map((p) => [p.name, p.version, p.direct, p.locations[0]?.line]),
    [
      ["left-pad", "1.3.0", true, 10],
      ["right-pad", "1.0.1", true, 23],
    ],
  );
});

test("pnpm: CRLF line endings give the same packages and lines", () => {
  const text = readFileSync(
    corpusPath("lockfiles/javascript/pnpmlock/peer-dependencies-advanced.v9.yaml"),
    "utf8",
  );
  const sig = (t: string) =>
    JSON.stringify(
      pnpmLockExtractor
        .extract({ path: "pnpm-lock.yaml", text: t, readFile: async () => undefined })
        .packages.map((p) => [p.name, p.version, p.locations[0]?.line]),
    );
  assert.equal(sig(text.replace(/\n/g, "\r\n")), sig(text));
});
