// Test support shared by the extractor tests of go, maven, cargo, rubygems, packagist, debian and alpine.
// It belongs in src/testing (not this team's folder), hence its place here; it imports node:assert, so only
// tests may import it.
import assert from "node:assert/strict";
import { it } from "node:test";
import fc from "fast-check";
import type { Package } from "../../model/package.js";
import {
  type ExpectedPackage,
  extractFixture,
  type LockfileCase,
  type LockfileSuite,
} from "../../testing/lockfile-cases.js";
import type { Extractor, ExtractResult } from "../types.js";

/** How an ecosystem's Package shows the expected.json fields that are not plain Package fields. */
export type FieldReader = Partial<Record<keyof ExpectedPackage, (pkg: Package) => unknown>>;

// Every field of the Package model; an extractor must not leak others (they would end up in JSON output).
const PACKAGE_FIELDS = new Set([
  "ecosystem",
  "name",
  "version",
  "purl",
  "direct",
  "groups",
  "locations",
  "dependencies",
  "resolved",
  "hashes",
  "licenses",
  "commit",
]);

const DEFAULT_READERS: FieldReader = {
  name: (p) => p.name,
  version: (p) => p.version,
  groups: (p) => [...p.groups].sort(),
  commit: (p) => p.commit ?? "",
};

/**
 * Asserts that `actual` holds exactly the expected packages of a case (as a multiset of name@version,
 * order-insensitive as upstream compares), and that each expected package has, on a package of the same
 * name@version, every field it asserts (non-null in expected.json) that `readers` can read. Returns the
 * field names asserted somewhere in the case.
 */
export function assertExpectedPackages(
  actual: Package[],
  kase: LockfileCase,
  readers: FieldReader = {},
): string[] {
  const read = { ...DEFAULT_READERS, ...readers };
  const expected = kase.packages ?? [];
  const key = (p: { name: string; version: string }) => `${p.name}@${p.version}`;
  const title = `${kase.fixture}${kase.upstreamCase ? ` (${kase.upstreamCase})` : ""}`;
  assert.deepEqual(actual.map(key).sort(), expected.map(key).sort(), `${title}: name@version`);
  for (const p of actual) {
    assert.deepEqual(
      Object.keys(p).filter((k) => !PACKAGE_FIELDS.has(k)),
      [],
      `${title}: ${key(p)} has only model fields`,
    );
  }
  const asserted = new Set<string>();
  const unused = [...actual];
  for (const e of expected) {
    const fields = (Object.keys(read) as (keyof ExpectedPackage)[]).filter(
      (f) => f !== "name" && f !== "version" && e[f] !== null && e[f] !== undefined,
    );
    for (const f of fields) asserted.add(f);
    const want = Object.fromEntries(
      fields.map((f) => [f, f === "groups" && Array.isArray(e.groups) ? [...e.groups].sort() : e[f]]),
    );
    const candidates = unused.filter((p) => key(p) === key(e));
    const views = candidates.map((p) => Object.fromEntries(fields.map((f) => [f, read[f]!(p)])));
    const match = views.findIndex((v) => JSON.stringify(v) === JSON.stringify(want));
    if (match < 0) assert.deepEqual(views[0], want, `${title}: ${key(e)}`);
    unused.splice(unused.indexOf(candidates[match]), 1);
  }
  return [...asserted];
}

/**
 * Property test: arbitrary text, binary junk and random splices into `seed` (a real file of the format) either
 * extract or throw an Error; never anything else, never a hang (each run is bounded by fast-check's count).
 */
export function assertOnlyErrors(extract: (text: string) => unknown, seed = "", numRuns = 300): void {
  const spliced = fc
    .tuple(fc.nat({ max: seed.length }), fc.nat({ max: seed.length }), fc.string({ maxLength: 40 }))
    .map(([a, b, insert]) => seed.slice(0, Math.min(a, b)) + insert + seed.slice(Math.max(a, b)));
  fc.assert(
    fc.property(
      fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 }), spliced),
      (text) => {
        try {
          extract(text);
        } catch (error) {
          assert.ok(error instanceof Error, `threw a non-Error: ${String(error)}`);
        }
      },
    ),
    { numRuns },
  );
}

/** Registers one test per case of a corpus suite: error cases must throw an Error, others match the expectation. */
export function runCorpusCases(
  extractor: Extractor,
  suite: LockfileSuite,
  options: {
    readers?: FieldReader;
    /** Fixtures whose expectation we disagree with; the caller tests its own answer. */
    skip?: Record<string, string>;
    extract?: (kase: LockfileCase) => ExtractResult;
  } = {},
): void {
  for (const kase of suite.cases) {
    const title = `${kase.fixture}${kase.upstreamCase ? ` (${kase.upstreamCase})` : ""}${kase.note ? ` — ${kase.note}` : ""}`;
    const reason = options.skip?.[kase.fixture];
    it(title, { skip: reason }, () => {
      const run = () => options.extract?.(kase) ?? extractFixture(extractor, suite, kase.fixture);
      if (kase.expectError) {
        assert.throws(
          run,
          (e: unknown) =>
            e instanceof Error && (!kase.errorContains || e.message.includes(kase.errorContains)),
        );
        return;
      }
      assertExpectedPackages(run().packages, kase, options.readers);
    });
  }
}
