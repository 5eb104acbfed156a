import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../testing/version-order-assertions.js";
import { compareDigits, compareGeneric, genericVersions } from "./generic-version.js";
import { compareVersions } from "./index.js";

describe("generic fallback ordering", () => {
  it("compares digit runs numerically and a shorter version first", () => {
    assertAscending(genericVersions, ["", "1", "1.0", "1.0.1", "1.2", "1.10", "2", "10.0"]);
  });

  it("puts words before numbers at the same position and compares them case-insensitively", () => {
    assertAscending(genericVersions, ["1.0", "1.0.alpha", "1.0.beta", "1.0.1"]);
    assertEquivalent(genericVersions, ["1.0-RC1", "1.0-rc1", "1.0.rc.1", "1_0_rc_1", "v1.0rc1", "V1.0 rc1"]);
  });

  it("ignores leading zeros and numbers of any length", () => {
    assertEquivalent(genericVersions, ["1.01", "1.001", "1.1"]);
    assertAscending(genericVersions, [
      "99999999999999999999998",
      "99999999999999999999999",
      "100000000000000000000000",
    ]);
    assert.equal(compareDigits("007", "7"), 0);
    assert.equal(compareDigits("", "0"), -1);
  });

  it("serves ecosystems Bulwark has no scheme for", () => {
    assert.equal(compareVersions("NoSuchEcosystem", "1.2", "1.10"), -1);
    assert.equal(compareVersions("NoSuchEcosystem", "b", "a"), 1);
  });

  it("never throws on odd input", () => {
    const odd = ["\0", "💥", "..--__", "v", "-1", " ", "1".repeat(5000), "a.".repeat(3000)];
    for (const a of odd)
      for (const b of odd) assert.equal(Math.sign(compareGeneric(a, b)) + Math.sign(compareGeneric(b, a)), 0);
    assert.equal(genericVersions.isValid(" "), false);
  });
});
