import assert from "node:assert/strict";
import { test } from "node:test";
import { runLockfileSuite } from "../../testing/extractor-kit.js";
import { extractFixture } from "../../testing/lockfile-cases.js";
import { yarnLockExtractor } from "./yarn-lock.js";

const suite = runLockfileSuite("javascript", "yarnlock", {
  strictCommit: true,
  extractor: () => yarnLockExtractor,
});

test("yarn.lock: direct and groups come from the package.json beside it", async () => {
  const manifest = JSON.stringify({
    dependencies: { "concat-stream": "^1.5.0" },
    devDependencies: { "concat-map": "0.0.1" },
  });
  const r = await extractFixture(yarnLockExtractor, suite, "two-packages.v1.lock", {
    files: { "package.json": manifest },
  });
  const by = Object.fromEntries(r.packages.map((p) => [p.name, p]));
  assert.equal(by["concat-stream"]?.direct, true);
  assert.deepEqual(by["concat-stream"]?.groups, []);
  assert.deepEqual(by["concat-map"]?.groups, ["dev"]);
  assert.deepEqual(by["concat-stream"]?.hashes, [
    "sha512-27HBghJxjiZtIk3Ycvn/4kbJk/1uZuJFfuPEns6LaEvpvG1f0hTea8lilrouyo9mVc2GWdcEZ8OLoGmSADlrCw==",
  ]);
  const without = await extractFixture(yarnLockExtractor, suite, "two-packages.v1.lock");
  assert.ok(
    without.packages.every((p) => p.direct === undefined),
    "no package.json: unknown, not guessed",
  );
});

test("yarn Berry: the root workspace gives the direct dependencies and is not a package", async () => {
  const r = await extractFixture(yarnLockExtractor, suite, "exclude-root.v2.lock");
  const by = Object.fromEntries(r.packages.map((p) => [p.name, p]));
  assert.equal(by["ansi-regex"]?.direct, true);
  assert.equal(by["@ws/ansi-regex"]?.direct, true);
  assert.deepEqual(by["@ws/ansi-regex"]?.dependencies, ["pkg:npm/ansi-regex@6.1.0"]);
});

test("yarn.lock v1: a line that is no entry header is an error with its line", async () => {
  const text = '# yarn lockfile v1\n\nleft-pad@^1.0.0:\n  version "1.3.0"\nthis is not yarn\n';
  await assert.rejects(
    async () => yarnLockExtractor.extract({ path: "yarn.lock", text, readFile: async () => undefined }),
    (e: Error & { line?: number }) =>
      e.line === 5 && /line 5 is not a yarn.lock entry header/.test(e.message),
  );
});
