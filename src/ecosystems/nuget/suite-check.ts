import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { Package } from "../../model/package.js";
import { extractFixture, type LockfileCase, loadLockfileSuite } from "../../testing/lockfile-cases.js";
import type { Extractor } from "../types.js";

// Test helper shared by the extractor tests of several ecosystems: runs every case of a corpus expected.json
// (table-driven) and compares what the corpus asserts. Lives here because src/testing is not ours to edit.

export interface SuiteOptions {
  /** Maps an expected `groups` value to Bulwark's group names (e.g. Conan's "requires" = production = []). */
  groups?: (expected: string[]) => string[];
  /** Fixtures whose expectation we disagree with: the test for the answer lives in the caller's file. */
  disagree?: Record<string, string>;
  /** Where the value upstream calls `commit` lives in our model, when we disagree it is a commit. */
  commitOf?: (pkg: Package) => string | undefined;
  /** Logical path to give the fixture (e.g. its usual file name), when the extractor needs one. */
  pathOf?: (fixture: string) => string;
}

const key = (p: { name: string; version: string }) => `${p.name}@${p.version}`;

/** Registers one node:test per case of corpus/lockfiles/<lang>/<format>/expected.json. */
export function runLockfileSuite(
  extractor: Extractor,
  lang: string,
  format: string,
  options: SuiteOptions = {},
) {
  const suite = loadLockfileSuite(lang, format);
  for (const fixture of Object.keys(options.disagree ?? {})) {
    if (!suite.cases.some((c) => c.fixture === fixture))
      throw new Error(`${lang}/${format} has no case ${fixture}`);
  }
  for (const c of suite.cases) {
    const reason = options.disagree?.[c.fixture];
    if (reason) continue;
    test(`${lang}/${format}: ${c.fixture}`, () => {
      const path = options.pathOf?.(c.fixture) ?? c.fixture;
      if (c.expectError) {
        assert.throws(() => extractFixture(extractor, suite, c.fixture, { path }), Error);
        return;
      }
      const result = extractFixture(extractor, suite, c.fixture, { path });
      checkCase(c, result.packages, options);
    });
  }
}

function checkCase(c: LockfileCase, packages: Package[], options: SuiteOptions): void {
  for (const p of packages) assert.ok(p.purl, `${key(p)} has a purl`);
  if (c.packages === null) return;
  assert.deepEqual(packages.map(key).sort(), c.packages.map(key).sort(), "name@version set");
  for (const expected of c.packages) {
    const actual = packages.find((p) => key(p) === key(expected));
    assert.ok(actual);
    if (expected.commit !== null && expected.commit !== undefined) {
      const commit = options.commitOf ? options.commitOf(actual) : actual.commit;
      assert.equal(commit ?? "", expected.commit, `${key(expected)} commit`);
    }
    if (expected.groups !== null && expected.groups !== undefined) {
      const want = options.groups ? options.groups(expected.groups) : expected.groups;
      assert.deepEqual([...actual.groups].sort(), [...want].sort(), `${key(expected)} groups`);
    }
    const line = expected.location?.line;
    if (line !== null && line !== undefined) {
      assert.equal(actual.locations[0]?.line, line, `${key(expected)} line`);
    }
  }
}

/**
 * Property test: arbitrary text (and arbitrary mutations of `seed`, a real file of the format) either extracts
 * or throws an Error; it never throws anything else and never hangs.
 */
export function fuzzExtractor(extractor: Extractor, path: string, seed = ""): void {
  if (seed) hostileLinesTest(extractor, path, seed);
  test(`${extractor.format}: arbitrary text never throws anything but an Error`, () => {
    const mutated = fc
      .tuple(fc.nat({ max: seed.length }), fc.nat({ max: seed.length }), fc.string())
      .map(([a, b, insert]) => seed.slice(0, Math.min(a, b)) + insert + seed.slice(Math.max(a, b)));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), mutated), (text) => {
        try {
          extractor.extract({ path, text, readFile: () => undefined });
        } catch (error) {
          assert.ok(error instanceof Error, `threw a non-Error: ${String(error)}`);
        }
      }),
      { numRuns: 300 },
    );
  });
}

/** Lines this long make a regular expression that backtracks quadratically take seconds. */
const HOSTILE_LENGTH = 20_000;

/**
 * Hostile-input test: every line of `seed` padded with a long run of spaces, letters or "-1" pieces (the
 * shapes that make careless regular expressions backtrack) is read or rejected within a few seconds.
 */
export function hostileLinesTest(extractor: Extractor, path: string, seed: string): void {
  test(`${extractor.format}: very long lines are read in linear time`, () => {
    const pad = (fill: string) =>
      seed
        .split("\n")
        .map((line) => {
          const at = Math.ceil(line.length / 2);
          return `${line.slice(0, at)}${fill.repeat(HOSTILE_LENGTH / fill.length)}${line.slice(at)}`;
        })
        .join("\n");
    for (const text of [
      pad(" "),
      pad("a"),
      pad("-1"),
      seed.replace(/\n/g, `${" ".repeat(HOSTILE_LENGTH)}x\n`),
    ]) {
      const started = performance.now();
      try {
        extractor.extract({ path, text, readFile: () => undefined });
      } catch (error) {
        assert.ok(error instanceof Error);
      }
      assert.ok(performance.now() - started < 3000, `took ${Math.round(performance.now() - started)} ms`);
    }
  });
}
