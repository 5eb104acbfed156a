import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { versions } from "./version.js";

describe("RPM versions (rpmvercmp)", () => {
  it("sorts ~ before the end and ^ after it", () => {
    assertAscending(versions, [
      "1.0~~",
      "1.0~rc1",
      "1.0~rc2",
      "1.0",
      "1.0^",
      "1.0^git1",
      "1.0^git2",
      "1.0.1~rc1",
      "1.0.1",
    ]);
  });

  it("compares epoch, then version, then release", () => {
    assertAscending(versions, [
      "9.9-9",
      "0:10.0-1",
      "1:1.0-1.el8",
      "1:1.0-1.el8_9",
      "1:1.0-2.el8",
      "1:1.1-0",
      "2:0.1",
    ]);
    assertEquivalent(versions, ["0:1.2.3-4.el9", "1.2.3-4.el9", "00:1.2.3-4.el9"]);
  });

  it("orders numeric segments after alphabetic ones and ignores separators", () => {
    assertAscending(versions, ["1.0a", "1.0.0", "1.0.1"]);
    assertEquivalent(versions, ["1.0_1", "1.0.1", "1.0+1"]);
  });

  it("validates the epoch:version-release shape", () => {
    assert.ok(versions.isValid("1:2.3.4-5.el9_2"));
    assert.equal(versions.isValid("1.0 beta"), false);
  });
});
