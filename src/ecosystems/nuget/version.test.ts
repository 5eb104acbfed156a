import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { versions } from "./version.js";

describe("NuGet versions", () => {
  it("compares four numeric parts", () => {
    assertEquivalent(versions, ["1", "1.0", "1.0.0", "1.0.0.0", "1.00.0.000"]);
    assertAscending(versions, ["1.0.0", "1.0.0.1", "1.0.1", "1.0.1.1", "1.1"]);
  });

  it("compares release labels case-insensitively, numbers numerically and before words", () => {
    assertEquivalent(versions, ["1.0.0-Beta", "1.0.0-beta", "1.0.0-BETA"]);
    assertAscending(versions, [
      "1.0.0-alpha.2",
      "1.0.0-alpha.10",
      "1.0.0-alpha.a",
      "1.0.0-Beta",
      "1.0.0-rc.1",
      "1.0.0",
    ]);
  });

  it("ignores build metadata", () => {
    assertEquivalent(versions, ["1.0.0+build.5", "1.0.0", "1.0.0+OTHER"]);
    assertEquivalent(versions, ["1.0.0-rc.1+a", "1.0.0-RC.1+b"]);
  });

  it("validates numeric parts as Int32", () => {
    assert.ok(versions.isValid("2147483647.0.0"));
    assert.equal(versions.isValid("2147483648.0.0"), false);
    assert.equal(versions.isValid("1.0.0.0.0"), false);
  });
});
