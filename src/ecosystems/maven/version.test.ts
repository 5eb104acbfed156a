import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { versions } from "./version.js";

describe("Maven versions (version order specification)", () => {
  it("orders the well-known qualifiers, then other words, then numbers", () => {
    assertAscending(versions, [
      "1-alpha",
      "1-beta",
      "1-milestone",
      "1-rc",
      "1-snapshot",
      "1",
      "1-sp",
      "1-abc",
      "1-xyz",
      "1-1",
      "1.1",
    ]);
  });

  it("treats aliases, case and trailing zeros as the same version", () => {
    assertEquivalent(versions, ["1", "1.0", "1.0.0", "1-0", "1ga", "1-final", "1.RELEASE", "1-GA"]);
    assertEquivalent(versions, ["1-rc1", "1-cr1", "1.0-RC-1", "1RC1"]);
    assertEquivalent(versions, ["1.0.0-alpha1", "1-a1", "1-ALPHA-1"]);
    assertEquivalent(versions, ["2.0.0.Final", "2"]);
  });

  it("orders real release trains", () => {
    assertAscending(versions, [
      "2.12.0-rc1",
      "2.12.0",
      "2.12.1",
      "2.12.7.1",
      "2.13.0-SNAPSHOT",
      "2.13.0",
      "5.3.0.RELEASE-a",
      "5.3.0.SP1",
      "5.3.1.RELEASE",
    ]);
  });

  it("compares numbers of any length", () => {
    assertAscending(versions, ["1.99999999999999999999", "1.100000000000000000000"]);
  });

  it("every string is a Maven version", () => {
    assert.ok(versions.isValid("1.0-SNAPSHOT"));
    assert.ok(versions.isValid("anything"));
    assert.equal(versions.isValid(""), false);
  });
});

describe("Maven's ordering is not transitive where a qualifier follows a dot", () => {
  // Maven's ComparableVersion has the same cycle: a trailing `.0` meets a missing part as "equal",
  // but a dot-qualifier as "greater". Bulwark keeps the reference ordering rather than invent another.
  it("reproduces the reference cycle 1.2.foo < 1.2.0.M3 < 1.2 < 1.2.foo", () => {
    assert.equal(versions.compare("1.2.foo", "1.2.0.M3"), -1);
    assert.equal(versions.compare("1.2.0.M3", "1.2"), -1);
    assert.equal(versions.compare("1.2", "1.2.foo"), -1);
  });
});
