import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { extractors as npmExtractors } from "../ecosystems/npm/extractors.js";
import { extractors as pypiExtractors } from "../ecosystems/pypi/extractors.js";
import type { Extractor } from "../ecosystems/types.js";
import { corpusPath } from "../testing/corpus.js";

// Property: whatever text an extractor is given, it returns packages or throws an Error (which the inventory
// reports against the file) — never anything else, and never slowly. Inputs: arbitrary strings, and real
// fixtures cut short or with random characters spliced in (the realistic corruption: truncation, bad merges).
const extractors: Extractor[] = await Promise.all([...npmExtractors, ...pypiExtractors].map((e) => e.load()));

const seeds: Record<string, string> = {
  "package-lock.json": "lockfiles/javascript/packagelockjson/commits.v2.json",
  "npm-shrinkwrap.json": "lockfiles/javascript/packagelockjson/nested-dependencies.v1.json",
  "yarn.lock": "lockfiles/javascript/yarnlock/commits.v2.lock",
  "pnpm-lock.yaml": "lockfiles/javascript/pnpmlock/peer-dependencies-advanced.v9.yaml",
  "bun.lock": "lockfiles/javascript/bunlock/commits.json5",
  "package.json": "lockfiles/javascript/packagejson/package.json",
  "requirements.txt": "lockfiles/python/requirements/per_req_options.txt",
  "poetry.lock": "lockfiles/python/poetrylock/multiple-packages.v2.lock",
  "Pipfile.lock": "lockfiles/python/pipfilelock/multiple-packages.json",
  "pdm.lock": "lockfiles/python/pdmlock/dev-dependency.toml",
  "uv.lock": "lockfiles/python/uvlock/grouped-packages.lock",
  "pylock.toml": "lockfiles/python/pylock/commits.toml",
};

async function runOnce(extractor: Extractor, text: string): Promise<void> {
  const started = performance.now();
  try {
    const result = await extractor.extract({ path: extractor.format, text, readFile: async () => undefined });
    assert.ok(Array.isArray(result.packages));
    for (const p of result.packages) {
      assert.equal(typeof p.name, "string");
      assert.equal(typeof p.version, "string");
    }
  } catch (error) {
    assert.ok(error instanceof Error, `${extractor.format} threw a non-Error: ${String(error)}`);
    assert.ok(error.message.length > 0);
  }
  assert.ok(performance.now() - started < 2000, `${extractor.format} took too long`);
}

for (const extractor of extractors) {
  test(`fuzz ${extractor.format}: arbitrary text`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.string({ unit: "binary", maxLength: 300 }), fc.json()),
        (text) => runOnce(extractor, text),
      ),
      { numRuns: 200 },
    );
  });

  const seed = seeds[extractor.format];
  if (!seed) continue;
  const original = readFileSync(corpusPath(seed), "utf8");
  test(`fuzz ${extractor.format}: a real file truncated or with junk spliced in`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: original.length }),
        fc.string({ maxLength: 8 }),
        fc.boolean(),
        (at, junk, truncate) =>
          runOnce(
            extractor,
            truncate ? original.slice(0, at) : original.slice(0, at) + junk + original.slice(at),
          ),
      ),
      { numRuns: 200 },
    );
  });
}
