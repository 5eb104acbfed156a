// The one test kit of the extractor tests (every ecosystem, SBOM readers): table-driven corpus cases, the
// comparison of extracted packages with a corpus expectation, and property/hostile-input tests. It imports
// node:assert, so only tests may import it (src/testing is left out of the build).
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ExtractError } from "../ecosystems/errors.js";
import type { Extractor, ExtractResult } from "../ecosystems/types.js";
import type { Package } from "../model/package.js";
import {
  type ExpectedPackage,
  extractFixture,
  type LockfileCase,
  type LockfileSuite,
  loadLockfileSuite,
} from "./lockfile-cases.js";

/** How an ecosystem's Package shows the expected.json fields that are not plain Package fields. */
export type FieldReader = Partial<Record<keyof ExpectedPackage, (pkg: Package) => unknown>>;

/** How extracted packages are compared with a case's expected packages. */
export interface CompareOptions {
  /** Readers for fields the model keeps elsewhere (e.g. a Debian source package in the purl). */
  readers?: FieldReader;
  /** Maps an expected package onto Bulwark's model (e.g. unpinned requirement: "" -> declared spec). */
  mapExpected?: (pkg: ExpectedPackage, kase: LockfileCase) => ExpectedPackage;
  /** Whether package order must match (requirements.txt is order-sensitive upstream). */
  ordered?: boolean;
  /**
   * Whether an expected package without a commit (null) asserts that the package has none, as in suites whose
   * transcription records every commit (npm, Python); elsewhere null means "not transcribed".
   */
  strictCommit?: boolean;
  /** The packages that legitimately have no purl (e.g. a Go local-path replacement); default: none. */
  withoutPurl?: (pkg: Package) => boolean;
}

/** A case whose expectation we deliberately differ from. */
export interface Override {
  /** Why Bulwark's answer differs from the corpus expectation. */
  reason: string;
  /** Asserts Bulwark's answer; without it, the caller's own test file asserts it (the kit registers nothing). */
  check?: (result: ExtractResult) => void | Promise<void>;
}

/** How a suite's cases are run and where Bulwark's model deliberately differs from osv-scalibr's. */
export interface SuiteOptions extends CompareOptions {
  /** The extractor, or the extractor for a fixture (formats sharing one folder: v1/v2 yarn, shrinkwrap). */
  extractor: Extractor | ((fixture: string) => Extractor);
  /** Our error message for the case, when it differs from osv-scalibr's wording. */
  errorPattern?: (kase: LockfileCase) => RegExp | undefined;
  /** Disagreements, by fixture (or `fixture|upstreamTest`). */
  overrides?: Record<string, Override>;
  /** Extract with a logical path or extra files (dpkg-style); default: the fixture path. */
  extractOptions?: (kase: LockfileCase) => Parameters<typeof extractFixture>[3];
}

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
  groups: (p) => p.groups,
  commit: (p) => p.commit ?? "",
  location: (p) => p.locations[0],
};

/** The readFile of an extraction without neighbour files: every read finds nothing. */
export async function noNeighbours(_path: string): Promise<string | undefined> {
  return undefined;
}

/** The readFile of an extraction whose neighbours are `files`, by the path the extractor asks for. */
export function neighbours(files: Record<string, string>): (path: string) => Promise<string | undefined> {
  return async (path) => (Object.hasOwn(files, path) ? files[path] : undefined);
}

/** Case title: fixture, upstream test or case, and the corpus note. */
export function caseTitle(kase: LockfileCase): string {
  const upstream = kase.upstreamTest ?? kase.upstreamCase;
  return `${kase.fixture}${upstream ? ` (${upstream})` : ""}${kase.note ? ` — ${kase.note}` : ""}`;
}

/**
 * Registers one node:test per case (and config variant) of corpus/lockfiles/<lang>/<format>/expected.json:
 * error cases must throw an Error whose message holds `errorContains`; the others must give exactly the
 * expected packages (assertExpectedPackages). Returns the suite, for the caller's own tests.
 */
export function runLockfileSuite(lang: string, format: string, options: SuiteOptions): LockfileSuite {
  const suite = loadLockfileSuite(lang, format);
  const cases = [...suite.cases, ...suite.configVariantCases];
  assert.ok(cases.length > 0, `no cases in ${lang}/${format}`);
  for (const key of Object.keys(options.overrides ?? {})) {
    const known = cases.some((c) => key === c.fixture || key === `${c.fixture}|${c.upstreamTest ?? ""}`);
    if (!known) throw new Error(`${lang}/${format} has no case ${key}`);
  }
  const extractorOf = (fixture: string) =>
    typeof options.extractor === "function" ? options.extractor(fixture) : options.extractor;
  for (const kase of cases) {
    const override =
      options.overrides?.[`${kase.fixture}|${kase.upstreamTest ?? ""}`] ?? options.overrides?.[kase.fixture];
    if (override && !override.check) continue;
    test(`${lang}/${format}: ${caseTitle(kase)}`, async () => {
      const run = () =>
        extractFixture(extractorOf(kase.fixture), suite, kase.fixture, options.extractOptions?.(kase));
      if (override?.check) {
        await override.check(await run());
        return;
      }
      if (kase.expectError) {
        await assertThrowsExpected(run, kase, options.errorPattern?.(kase));
        return;
      }
      assertExpectedPackages((await run()).packages, kase, options);
    });
  }
  return suite;
}

/** What assertParseFailure checks: the file's path (never in the message) and the expected wording and position. */
export interface ParseFailure {
  path: string;
  message?: RegExp;
  /** The line the error must give; `true`: some line; undefined: not checked. */
  line?: number | true;
  column?: number | true;
}

/**
 * Asserts that `run` throws or rejects with an ExtractError in the one shape of a parse failure: code
 * PARSE_FAILED (or INPUT_UNSAFE), a message that says what is wrong without the file's path (the inventory
 * prefixes it) and matches `message`, and the line and column given. Returns the error.
 */
export async function assertParseFailure(run: () => unknown, expected: ParseFailure): Promise<ExtractError> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ExtractError, `expected an ExtractError, got ${String(caught)}`);
  assert.ok(["PARSE_FAILED", "INPUT_UNSAFE"].includes(caught.code), caught.code);
  assert.ok(!caught.message.includes(expected.path), `the message repeats the path: ${caught.message}`);
  if (expected.message) assert.match(caught.message, expected.message);
  for (const key of ["line", "column"] as const) {
    const want = expected[key];
    if (want === true)
      assert.ok(typeof caught[key] === "number" && caught[key]! > 0, `${key} given: ${caught.message}`);
    else if (want !== undefined) assert.equal(caught[key], want, `${key} of: ${caught.message}`);
  }
  return caught;
}

/** Asserts that `run` throws or rejects with an Error matching `pattern`, else holding the case's `errorContains`. */
export async function assertThrowsExpected(
  run: () => unknown,
  kase: LockfileCase,
  pattern?: RegExp,
): Promise<void> {
  await assert.rejects(
    async () => run(),
    (error: unknown) => {
      assert.ok(error instanceof Error, `threw a non-Error: ${String(error)}`);
      if (pattern) assert.match(error.message, pattern);
      else if (kase.errorContains) assert.ok(error.message.includes(kase.errorContains), error.message);
      return true;
    },
  );
}

/**
 * Asserts that `actual` holds exactly the expected packages of a case: the same multiset of
 * name@version (with the commit under `strictCommit`; in order with `ordered`), every package with a purl
 * (unless `withoutPurl`), no empty commit and only model fields, and each
 * expected package's asserted fields (non-null in expected.json: groups, commit, location line and path, and
 * whatever `readers` can read) on a package of the same name@version. Returns the field names asserted.
 */
export function assertExpectedPackages(
  actual: Package[],
  kase: LockfileCase,
  options: CompareOptions = {},
): string[] {
  const read = { ...DEFAULT_READERS, ...options.readers };
  const expected = (kase.packages ?? []).map((p) => options.mapExpected?.(p, kase) ?? p);
  const title = caseTitle(kase);
  const id = (name: string, version: string, commit: unknown) =>
    `${name}@${version}${options.strictCommit && commit ? `#${commit}` : ""}`;
  const actualId = (p: Package) => id(p.name, p.version, read.commit!(p));
  const expectedId = (e: ExpectedPackage) => id(e.name, e.version, e.commit);
  for (const p of actual) {
    if (!options.withoutPurl?.(p)) assert.ok(p.purl, `${title}: ${actualId(p)} has a purl`);
    assert.notEqual(p.commit, "", `${title}: ${actualId(p)} has no empty commit (absent instead)`);
    assert.deepEqual(
      Object.keys(p).filter((k) => !PACKAGE_FIELDS.has(k)),
      [],
      `${title}: ${actualId(p)} has only model fields`,
    );
  }
  if (kase.packages === null) return [];
  const got = actual.map(actualId);
  const want = expected.map(expectedId);
  if (options.ordered) assert.deepEqual(got, want, `${title}: name@version in order`);
  else assert.deepEqual([...got].sort(), [...want].sort(), `${title}: name@version`);
  const asserted = new Set<string>();
  const unused = [...actual];
  expected.forEach((e, index) => {
    const fields = expectedView(e, read);
    for (const field of Object.keys(fields))
      asserted.add(field === "path" || field === "line" ? "location" : field);
    // Packages of the same name@version may differ in their fields: any unused one may match.
    const candidates = options.ordered
      ? [actual[index]!]
      : unused.filter((p) => actualId(p) === expectedId(e));
    const views = candidates.map((p) => actualView(p, fields, read));
    const match = views.findIndex((v) => JSON.stringify(v) === JSON.stringify(fields));
    if (match < 0) assert.deepEqual(views[0], fields, `${title}: ${expectedId(e)}`);
    unused.splice(unused.indexOf(candidates[match]!), 1);
  });
  return [...asserted];
}

/** The fields an expected package asserts, as the readers will show them on a Package. */
function expectedView(e: ExpectedPackage, read: FieldReader): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const field of Object.keys(read) as (keyof ExpectedPackage)[]) {
    const value = e[field];
    if (field === "name" || field === "version" || value === null || value === undefined) continue;
    if (field === "groups") view.groups = [...(value as string[])].sort();
    else if (field === "location") Object.assign(view, locationView(e.location!));
    else view[field] = value;
  }
  return view;
}

// A location asserts its path, and its line where upstream knows one (0 or null: no line).
function locationView(location: NonNullable<ExpectedPackage["location"]>): Record<string, unknown> {
  const line = location.line !== null && location.line > 0 ? { line: location.line } : {};
  return { path: location.path, ...line };
}

function actualView(p: Package, want: Record<string, unknown>, read: FieldReader): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const field of Object.keys(want)) {
    if (field === "path" || field === "line") {
      const location = read.location!(p) as { path?: string; line?: number } | undefined;
      view[field] = location?.[field];
    } else {
      view[field] = read[field as keyof ExpectedPackage]!(p);
    }
  }
  return view;
}

/**
 * Property test: arbitrary text, binary junk and random splices into `seed` (a real file of the format) either
 * extract or throw (or reject with) an Error; never anything else, never a hang (each run is bounded by
 * fast-check's count).
 */
export async function assertOnlyErrors(
  extract: (text: string) => unknown,
  seed = "",
  numRuns = 300,
): Promise<void> {
  const spliced = fc
    .tuple(fc.nat({ max: seed.length }), fc.nat({ max: seed.length }), fc.string({ maxLength: 40 }))
    .map(([a, b, insert]) => seed.slice(0, Math.min(a, b)) + insert + seed.slice(Math.max(a, b)));
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 }), spliced),
      async (text) => {
        try {
          await extract(text);
        } catch (error) {
          assert.ok(error instanceof Error, `threw a non-Error: ${String(error)}`);
        }
      },
    ),
    { numRuns },
  );
}

/**
 * Registers the property test of assertOnlyErrors for an extractor given `path`, and, with a `seed` file, the
 * hostile long-line test.
 */
export function fuzzExtractor(extractor: Extractor, path: string, seed = ""): void {
  if (seed) hostileLinesTest(extractor, path, seed);
  test(`${extractor.format}: arbitrary text never throws anything but an Error`, async () => {
    await assertOnlyErrors((text) => extractor.extract({ path, text, readFile: noNeighbours }), seed);
  });
}

/** Lines this long make a regular expression that backtracks quadratically take seconds. */
const HOSTILE_LENGTH = 20_000;

/**
 * Hostile-input test: every line of `seed` padded with a long run of spaces, letters or "-1" pieces (the
 * shapes that make careless regular expressions backtrack) is read or rejected within a few seconds.
 */
export function hostileLinesTest(extractor: Extractor, path: string, seed: string): void {
  test(`${extractor.format}: very long lines are read in linear time`, async () => {
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
        await extractor.extract({ path, text, readFile: noNeighbours });
      } catch (error) {
        assert.ok(error instanceof Error);
      }
      assert.ok(performance.now() - started < 3000, `took ${Math.round(performance.now() - started)} ms`);
    }
  });
}
