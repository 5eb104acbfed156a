import assert from "node:assert/strict";
import { test } from "node:test";
import type { Package } from "../../model/package.js";
import {
  type ExpectedPackage,
  extractFixture,
  type LockfileCase,
  type LockfileSuite,
  loadLockfileSuite,
} from "../../testing/lockfile-cases.js";
import type { Extractor, ExtractResult } from "../types.js";

/** How a suite's cases are run and where Bulwark's model deliberately differs from osv-scalibr's. */
export interface SuiteOptions {
  /** The extractor for a fixture (formats sharing one folder: v1/v2 yarn, package-lock vs shrinkwrap). */
  extractor: (fixture: string) => Extractor;
  /** Maps an expected package onto Bulwark's model (e.g. unpinned requirement: "" -> declared spec). */
  mapExpected?: (pkg: ExpectedPackage, c: LockfileCase) => ExpectedPackage;
  /** Our error message for the case, when it differs from osv-scalibr's wording. */
  errorPattern?: (c: LockfileCase) => RegExp | undefined;
  /** Cases where we deliberately differ: reason, and an assertion of our own answer instead. */
  overrides?: Record<string, { reason: string; check: (result: ExtractResult) => void }>;
  /** Extract with a logical path or extra files (dpkg-style); default: the fixture path. */
  extractOptions?: (c: LockfileCase) => Parameters<typeof extractFixture>[3];
  /** Whether package order must match (requirements.txt is order-sensitive upstream). */
  ordered?: boolean;
}

/** Registers one node:test per case of corpus/lockfiles/<lang>/<format>/expected.json. */
export function runLockfileSuite(lang: string, format: string, options: SuiteOptions): LockfileSuite {
  const suite = loadLockfileSuite(lang, format);
  const cases = [...suite.cases, ...suite.configVariantCases];
  assert.ok(cases.length > 0, `no cases in ${lang}/${format}`);
  for (const c of cases) {
    const title = `${lang}/${format} ${c.fixture} — ${c.upstreamTest ?? c.upstreamCase ?? ""}`;
    test(title, () => {
      const key = `${c.fixture}|${c.upstreamTest ?? ""}`;
      const override = options.overrides?.[key] ?? options.overrides?.[c.fixture];
      const extractor = options.extractor(c.fixture);
      const run = () => extractFixture(extractor, suite, c.fixture, options.extractOptions?.(c));
      if (override) {
        override.check(run());
        return;
      }
      if (c.expectError) {
        const pattern =
          options.errorPattern?.(c) ??
          (c.errorContains ? new RegExp(escapeRegExp(c.errorContains), "i") : /./);
        assert.throws(run, (error: Error) => {
          assert.match(error.message, pattern);
          return true;
        });
        return;
      }
      const result = run();
      if (c.packages === null) {
        assert.ok(Array.isArray(result.packages), "extraction must succeed (packages not transcribed)");
        return;
      }
      const expected = c.packages.map((p) => options.mapExpected?.(p, c) ?? p);
      assertPackages(result.packages, expected, options.ordered ?? false);
    });
  }
  return suite;
}

/** Name, version and every asserted field (groups, commit, location line) of each expected package. */
export function assertPackages(actual: Package[], expected: ExpectedPackage[], ordered: boolean): void {
  const id = (p: { name: string; version: string; commit?: string | null }) =>
    `${p.name}@${p.version}${p.commit ? `#${p.commit}` : ""}`;
  const got = actual.map(id);
  const want = expected.map(id);
  if (ordered) assert.deepEqual(got, want);
  else assert.deepEqual([...got].sort(), [...want].sort());
  const pool = [...actual];
  for (const exp of expected) {
    const index = pool.findIndex((p) => id(p) === id(exp));
    const pkg = pool.splice(index, 1)[0]!;
    const label = id(exp);
    if (exp.groups) assert.deepEqual(pkg.groups, [...exp.groups].sort(), `groups of ${label}`);
    if (exp.commit) assert.equal(pkg.commit, exp.commit, `commit of ${label}`);
    if (exp.commit === "") assert.equal(pkg.commit, undefined, `${label} has no commit`);
    if (exp.location && exp.location.line !== null && exp.location.line > 0) {
      assert.equal(pkg.locations[0]?.line, exp.location.line, `line of ${label}`);
    }
    if (exp.location) assert.equal(pkg.locations[0]?.path, exp.location.path, `path of ${label}`);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
