import assert from "node:assert/strict";
import { test } from "node:test";
import { runLockfileSuite } from "../../testing/extractor-kit.js";
import { extractFixture } from "../../testing/lockfile-cases.js";
import { bunLockExtractor } from "./bun-lock.js";
import { stripJsoncExtras } from "./jsonc.js";

const badTuple = {
  reason: "bad entries are non-fatal `errors` beside the good packages, not a thrown error",
  check: (result: ReturnType<typeof bunLockExtractor.extract>) => {
    assert.deepEqual(
      result.packages.map((p) => `${p.name}@${p.version}`),
      ["wrappy@1.0.2"],
    );
    assert.equal(result.packages[0]?.locations[0]?.line, 13);
    const messages = (result.errors ?? []).map((e) => e.message).join("\n");
    assert.match(messages, /could not extract 'wrappy-bad1'/);
    assert.match(messages, /could not extract 'wrappy-bad2'/);
  },
};

const suite = runLockfileSuite("javascript", "bunlock", {
  strictCommit: true,
  extractor: () => bunLockExtractor,
  // Upstream reports no groups for bun.lock; we derive them from the workspace declarations (asserted below),
  // so the transcribed [] is not compared.
  mapExpected: (p) => ({ ...p, groups: null }),
  overrides: { "bad-tuple.json5": badTuple },
});

const groupsOf = async (fixture: string) =>
  Object.fromEntries(
    (await extractFixture(bunLockExtractor, suite, fixture)).packages.map((p) => [
      `${p.name}@${p.version}`,
      p.groups,
    ]),
  );

test("bun.lock groups come from the workspace declarations (upstream gives [] for all)", async () => {
  // Despite its name, this fixture declares wrappy under "dependencies": production, as upstream says.
  assert.deepEqual(await groupsOf("one-package-dev.json5"), { "wrappy@1.0.2": [] });
  assert.deepEqual(await groupsOf("files.json5"), { "etag@": ["dev"], "lodash@1.3.1": [] });
  const nested = await groupsOf("nested-dependencies.json5");
  assert.deepEqual(nested["chalk@4.1.2"], ["dev"]);
  assert.deepEqual(nested["supports-color@7.2.0"], ["dev"], "only reachable through dev chalk");
  assert.deepEqual(nested["supports-color@5.5.0"], []);
  assert.deepEqual(nested["has-flag@3.0.0"], []);
});

test("bun.lock nested install paths resolve like node_modules", async () => {
  const pkgs = (await extractFixture(bunLockExtractor, suite, "nested-dependencies.json5")).packages;
  const chalk = pkgs.find((p) => p.name === "chalk")!;
  assert.deepEqual(chalk.dependencies.sort(), ["pkg:npm/ansi-styles@4.3.0", "pkg:npm/supports-color@7.2.0"]);
  assert.equal(chalk.direct, true);
  assert.equal(pkgs.find((p) => p.name === "color-name")?.direct, false);
});

test("stripJsoncExtras drops trailing commas and comments but not commas inside strings", () => {
  const text = '{\n  "a": [1, 2,],\n  // note\n  "b": "x,]",\n  "c": {"d": 1,},\n}';
  assert.deepEqual(JSON.parse(stripJsoncExtras(text)), { a: [1, 2], b: "x,]", c: { d: 1 } });
  assert.equal(stripJsoncExtras(text).split("\n").length, text.split("\n").length);
});

test("bun.lock workspace members take the version their workspace declares", () => {
  const text = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": { "name": "root", "dependencies": { "@me/lib": "workspace:*", },},
    "packages/lib": { "name": "@me/lib", "version": "2.1.0", "dependencies": { "ms": "^2.1.0", }, },
  },
  "packages": {
    "@me/lib": ["@me/lib@workspace:packages/lib"],
    "ms": ["ms@2.1.3", "", {}, "sha512-x"],
  }
}`;
  const r = bunLockExtractor.extract({ path: "bun.lock", text, readFile: async () => undefined });
  assert.deepEqual(
    r.packages.map((p) => [p.name, p.version, p.direct, p.locations[0]?.line]),
    [
      ["@me/lib", "2.1.0", true, 8],
      ["ms", "2.1.3", true, 9],
    ],
  );
});
