import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import semver from "semver";
import { assertAscending, assertEquivalent } from "../testing/version-order-assertions.js";
import { compareVersions } from "./index.js";
import { semverVersions } from "./semver-version.js";

const identifier = fc.oneof(
  fc.nat({ max: 30 }).map(String),
  fc.constantFrom("alpha", "beta", "rc", "a", "b", "x-y", "0a", "A", "Z9"),
);
const strictSemver = fc
  .record({
    major: fc.nat({ max: 5 }),
    minor: fc.nat({ max: 5 }),
    patch: fc.nat({ max: 5 }),
    pre: fc.array(identifier, { maxLength: 3 }),
    build: fc.array(identifier, { maxLength: 2 }),
  })
  .map(
    (v) =>
      `${v.major}.${v.minor}.${v.patch}` +
      (v.pre.length > 0 ? `-${v.pre.join(".")}` : "") +
      (v.build.length > 0 ? `+${v.build.join(".")}` : ""),
  );

describe("SemVer 2.0 scheme", () => {
  it("agrees with the semver library on every version it accepts", () => {
    fc.assert(
      fc.property(strictSemver, strictSemver, (a, b) => {
        assert.equal(Math.sign(semverVersions.compare(a, b)), semver.compare(a, b));
        assert.ok(semverVersions.isValid(a));
      }),
      { numRuns: 2000 },
    );
  });

  it("orders SemVer 2.0's own precedence example", () => {
    assertAscending(semverVersions, [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "2.0.0",
      "2.1.0",
      "2.1.1",
    ]);
  });

  it("orders near-misses by their numbers but reports them invalid", () => {
    assertEquivalent(semverVersions, ["1.2", "v1.2.0", "1.2.0", "01.2.0"]);
    assert.equal(semverVersions.isValid("1.2"), false);
    assert.equal(semverVersions.isValid("01.2.0"), false);
    assertAscending(semverVersions, ["1.2.3.4", "0.0.1"]);
  });

  it("serves npm, crates.io, Hex and SwiftURL", () => {
    for (const eco of ["npm", "crates.io", "Hex", "SwiftURL"]) {
      assert.equal(compareVersions(eco, "1.0.0-rc.1", "1.0.0"), -1, eco);
      assert.equal(compareVersions(eco, "1.0.0+a", "1.0.0+b"), 0, eco);
    }
  });
});
