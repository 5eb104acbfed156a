import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { versions } from "./version.js";

describe("RubyGems versions (Gem::Version)", () => {
  it("orders pre-releases (any letter) before the release", () => {
    assertAscending(versions, [
      "1.0.a",
      "1.0.a.1",
      "1.0.b1",
      "1.0.pre",
      "1.0.rc1",
      "1.0",
      "1.0.1",
      "1.1.a",
      "1.1",
    ]);
  });

  it("treats trailing zeros, - and letter/number joins as Gem::Version does", () => {
    assertEquivalent(versions, ["1", "1.0", "1.0.0"]);
    assertEquivalent(versions, ["1.0-rc1", "1.0.pre.rc1", "1.0.pre.rc.1"]);
    assertEquivalent(versions, ["1.0.a2", "1.0.a.2", "1.0.a.2.0"]);
  });

  it("compares letters case-sensitively (byte order)", () => {
    assertAscending(versions, ["1.0.B", "1.0.a"]);
  });

  it("validates with Gem::Version's pattern", () => {
    assert.ok(versions.isValid("1.2.3.pre-beta.1"));
    assert.equal(versions.isValid("1beta"), false);
    assert.equal(versions.isValid("1.0 2"), false);
    assertAscending(versions, ["1.0 2", "0.1"]);
  });
});
