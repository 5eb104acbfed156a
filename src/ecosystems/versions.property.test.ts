// Property-based tests of every registered version scheme: arbitrary strings never throw and finish
// quickly; compare is antisymmetric on anything and transitive on versions generated per scheme.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ecosystems } from "./index.js";
import type { VersionScheme } from "./types.js";

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const num = fc.oneof(fc.nat({ max: 12 }), fc.constantFrom(0, 1, 10, 99999999999, 2 ** 53 + 1)).map(String);
const join = (sep: fc.Arbitrary<string>, parts: fc.Arbitrary<string>, max = 4) =>
  fc
    .array(fc.tuple(sep, parts), { minLength: 1, maxLength: max })
    .map((xs) => xs.map(([s, p], i) => (i === 0 ? p : s + p)).join(""));
const opt = (arb: fc.Arbitrary<string>, prefix = "") =>
  fc.option(arb.map((x) => prefix + x)).map((x) => x ?? "");
const concat = (...parts: fc.Arbitrary<string>[]) => fc.tuple(...parts).map((xs) => xs.join(""));

const identifiers = join(pick("."), fc.oneof(num, pick("alpha", "beta", "rc", "a", "B", "x-y", "0a")), 3);
const semverLike = concat(
  opt(pick("v")),
  join(pick("."), num, 3),
  opt(identifiers, "-"),
  opt(identifiers, "+"),
);

/** Structured versions in each scheme's own grammar, plus a few near-misses. */
const GENERATORS: Record<string, fc.Arbitrary<string>> = {
  npm: semverLike,
  "crates.io": semverLike,
  Go: fc.oneof(
    semverLike,
    concat(pick("go", ""), num, pick("."), num, opt(num, "."), opt(pick("rc1", "beta2"))),
  ),
  Hex: semverLike,
  SwiftURL: semverLike,
  "GitHub Actions": semverLike,
  CocoaPods: semverLike,
  Pub: semverLike,
  Julia: semverLike,
  PyPI: fc.oneof(
    concat(
      opt(num, "!").map((e) => (e ? `${e.slice(1)}!` : "")),
      join(pick("."), num, 3),
      opt(concat(pick("a", "b", "rc", "c", "alpha", "pre", ".beta"), opt(num))),
      opt(concat(pick(".post", "-", "post", ".r"), num)),
      opt(concat(pick(".dev", "dev"), opt(num))),
      opt(join(pick(".", "-", "_"), fc.oneof(num, pick("abc", "ubuntu", "a1")), 3), "+"),
    ),
    join(pick(".", "-", ""), fc.oneof(num, pick("dev", "pre", "rc", "foo", "bar", "final")), 4),
  ),
  // Maven's own ordering has cycles once a qualifier follows a dot (see maven/version.test.ts), so the
  // generated versions put qualifiers after a hyphen or a digit, as Maven's conventions do
  Maven: concat(
    join(pick("."), num, 4),
    opt(
      concat(
        pick("-", ""),
        pick(
          "alpha",
          "beta",
          "milestone",
          "rc",
          "cr",
          "snapshot",
          "ga",
          "final",
          "release",
          "sp",
          "foo",
          "a",
          "m",
        ),
        opt(num, "-"),
      ),
    ),
    opt(num, "-"),
  ),
  NuGet: concat(join(pick("."), num, 4), opt(identifiers, "-"), opt(identifiers, "+")),
  RubyGems: concat(
    join(pick("."), fc.oneof(num, pick("a", "b", "pre", "rc", "beta")), 4),
    opt(pick("rc1", "pre"), "-"),
  ),
  Packagist: concat(
    opt(pick("v")),
    join(
      pick(".", "-", "_", ""),
      fc.oneof(num, pick("dev", "alpha", "a", "beta", "b", "RC", "rc", "p", "pl", "x")),
      4,
    ),
  ),
  Hackage: join(pick("."), num, 4),
  CRAN: join(pick(".", "-"), num, 4),
  ConanCenter: concat(
    join(pick("."), fc.oneof(num, pick("a", "b", "cci")), 3),
    opt(join(pick("."), fc.oneof(num, pick("pre", "rc")), 2), "-"),
    opt(join(pick("."), num, 2), "+"),
  ),
  opam: join(pick(".", "~", "+", "-", ""), fc.oneof(num, pick("a", "beta", "rc", "dev")), 4),
  Debian: concat(
    opt(num, ":").map((e) => (e ? `${e.slice(1)}:` : "")),
    join(pick(".", "~", "+", ""), fc.oneof(num, pick("a", "b", "rc", "dfsg", "deb")), 4),
    opt(join(pick(".", "~", "+", ""), fc.oneof(num, pick("ubuntu", "deb", "build")), 3), "-"),
  ),
  Ubuntu: join(pick(".", "~", "+", "-", ""), fc.oneof(num, pick("ubuntu", "build")), 5),
  Alpine: concat(
    join(pick("."), num, 3),
    opt(pick("a", "b", "z")),
    opt(concat(pick("_alpha", "_beta", "_pre", "_rc", "_cvs", "_svn", "_git", "_hg", "_p"), opt(num))),
    opt(num, "-r"),
  ),
  "Red Hat": concat(
    opt(num, ":").map((e) => (e ? `${e.slice(1)}:` : "")),
    join(pick(".", "~", "^", "_", "+", ""), fc.oneof(num, pick("el", "git", "rc", "a", "fc")), 4),
    opt(join(pick(".", "_", ""), fc.oneof(num, pick("el", "fc", "module")), 3), "-"),
  ),
};

/** Strings over a version-ish alphabet: far denser in interesting cases than fully random text. */
const versionish = fc
  .array(pick(..."0123456789.-_+~^:!vVaeprclgtxRC ".split("")), { maxLength: 24 })
  .map((chars) => chars.join(""));
const anyString = fc.oneof(
  versionish,
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);

function generatorFor(names: readonly string[]): fc.Arbitrary<string> {
  const found = names.map((n) => GENERATORS[n]).find((g) => g !== undefined);
  assert.ok(found, `no version generator for ${names[0]}`);
  return found;
}

function assertSortedConsistently(scheme: VersionScheme, versions: string[]): void {
  const sorted = [...versions].sort(scheme.compare);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      assert.ok(
        scheme.compare(sorted[i]!, sorted[j]!) <= 0,
        `not transitive: sorted ${JSON.stringify(sorted)} but ${sorted[i]} > ${sorted[j]}`,
      );
    }
  }
}

describe("version schemes, property-based", () => {
  for (const def of ecosystems) {
    const name = def.names[0]!;
    const scheme = def.versions;

    it(`${name}: arbitrary strings never throw, finish quickly and compare antisymmetrically`, () => {
      fc.assert(
        fc.property(anyString, anyString, (a, b) => {
          const start = performance.now();
          const ab = scheme.compare(a, b);
          const ba = scheme.compare(b, a);
          assert.equal(typeof scheme.isValid(a), "boolean");
          assert.ok(Number.isFinite(ab), `compare(${JSON.stringify(a)}, ${JSON.stringify(b)}) = ${ab}`);
          assert.equal(Math.sign(ab) + Math.sign(ba), 0, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
          assert.equal(scheme.compare(a, a), 0);
          // generous: the machine is shared, and a real hang (catastrophic backtracking) takes seconds
          assert.ok(performance.now() - start < 500, "comparison took too long");
        }),
        { numRuns: 400 },
      );
    });

    it(`${name}: hostile inputs finish quickly`, () => {
      const hostile = [
        "1.".repeat(600),
        "1-".repeat(600),
        "a1".repeat(600),
        "~".repeat(5000),
        "9".repeat(100_000),
        `${"1.0a".repeat(250)}!`,
        "1".repeat(1023),
        "\u0000\uffff\ud800",
      ];
      for (const a of hostile) {
        for (const b of hostile) {
          const start = performance.now();
          scheme.compare(a, b);
          scheme.isValid(a);
          assert.ok(
            performance.now() - start < 500,
            `${name}: ${a.slice(0, 20)}… vs ${b.slice(0, 20)}… was slow`,
          );
        }
      }
    });

    it(`${name}: compare is antisymmetric and transitive on generated versions`, () => {
      const versions = generatorFor(def.names);
      fc.assert(
        fc.property(fc.array(versions, { minLength: 2, maxLength: 10 }), (list) => {
          for (const a of list)
            for (const b of list)
              assert.equal(Math.sign(scheme.compare(a, b)) + Math.sign(scheme.compare(b, a)), 0);
          assertSortedConsistently(scheme, list);
        }),
        { numRuns: 300 },
      );
    });
  }
});
