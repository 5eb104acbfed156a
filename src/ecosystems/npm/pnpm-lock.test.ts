import assert from "node:assert/strict";
import { test } from "node:test";
import { extractFixture, loadLockfileSuite } from "../../testing/lockfile-cases.js";
import { runLockfileSuite } from "./corpus-suite.js";
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

test("pnpm exotic paths: keys naming no version are reported in errors, not dropped silently", () => {
  const result = extractFixture(pnpmLockExtractor, suite, "exotic.yaml");
  const messages = (result.errors ?? []).map((e) => e.message);
  assert.ok(messages.some((m) => m.includes("github.com/kevva/is-positive")));
  assert.ok(messages.some((m) => m.includes("/foo/bar")));
});

test("pnpm v9: direct dependencies come from the importers, edges from snapshots", () => {
  const result = extractFixture(
    pnpmLockExtractor,
    loadLockfileSuite("javascript", "pnpmlock"),
    "peer-dependencies-advanced.v9.yaml",
  );
  const byName = new Map(result.packages.map((p) => [p.name, p]));
  assert.equal(byName.get("eslint")?.direct, true);
  assert.equal(byName.get("debug")?.direct, false);
  assert.ok(byName.get("eslint")!.dependencies.some((d) => d.startsWith("pkg:npm/%40eslint/eslintrc@")));
});
