// Test support shared by the extractor tests of go, maven, cargo, rubygems, packagist, debian and alpine.
// It belongs in src/testing (not this team's folder), hence its place here; it imports node:assert, so only
// tests may import it.
import assert from "node:assert/strict";
import type { Package } from "../../model/package.js";
import type { ExpectedPackage, LockfileCase } from "../../testing/lockfile-cases.js";

/** How an ecosystem's Package shows the expected.json fields that are not plain Package fields. */
export type FieldReader = Partial<Record<keyof ExpectedPackage, (pkg: Package) => unknown>>;

const DEFAULT_READERS: FieldReader = {
  name: (p) => p.name,
  version: (p) => p.version,
  groups: (p) => [...p.groups].sort(),
  commit: (p) => p.commit ?? "",
};

/**
 * Asserts that `actual` holds exactly the expected packages of a case (as a multiset, order-insensitive as
 * upstream compares), on every field the case asserts (non-null in expected.json) that `readers` can read.
 * Returns the asserted field names so a test can say which fields it checked.
 */
export function assertExpectedPackages(
  actual: Package[],
  kase: LockfileCase,
  readers: FieldReader = {},
): string[] {
  const read = { ...DEFAULT_READERS, ...readers };
  const expected = kase.packages ?? [];
  const fields = (Object.keys(read) as (keyof ExpectedPackage)[]).filter((f) =>
    expected.some((e) => e[f] !== null && e[f] !== undefined),
  );
  if (!fields.includes("name")) fields.unshift("name", "version");
  const project = (values: (f: keyof ExpectedPackage) => unknown) =>
    JSON.stringify(Object.fromEntries(fields.map((f) => [f, values(f)])));
  const want = expected
    .map((e) => project((f) => (f === "groups" && Array.isArray(e.groups) ? [...e.groups].sort() : e[f])))
    .sort();
  const got = actual.map((p) => project((f) => read[f]!(p))).sort();
  assert.deepEqual(got, want, `${kase.fixture}${kase.upstreamCase ? ` (${kase.upstreamCase})` : ""}`);
  return fields;
}
