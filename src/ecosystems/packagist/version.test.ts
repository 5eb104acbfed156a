import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { versions } from "./version.js";

describe("Packagist versions (version_compare after normalisation)", () => {
  it("orders stabilities dev < alpha < beta < RC < release < patch", () => {
    assertAscending(versions, [
      "1.0.0-dev",
      "1.0.0-alpha1",
      "1.0.0-beta2",
      "1.0.0-RC1",
      "1.0.0",
      "1.0.0-p1",
      "1.0.1",
    ]);
  });

  it("ignores a leading v and the separator style", () => {
    assertEquivalent(versions, ["v1.2.3", "V1.2.3", "1.2.3"]);
    assertEquivalent(versions, ["1.0.0-rc1", "1.0.0RC1", "1.0.0.rc.1", "1.0.0_rc_1"]);
  });

  it("sorts branch names before numbered versions and extra numbers after", () => {
    assertAscending(versions, ["dev-main", "0.0.1", "1.0", "1.0.0", "1.0.0.1"]);
  });

  it("knows Composer's version shapes", () => {
    for (const v of ["1.2.3", "v2.0.0-RC2", "1.0.0-beta.1", "dev-master", "2.x-dev", "1.0.0.0"]) {
      assert.ok(versions.isValid(v), v);
    }
    assert.equal(versions.isValid("not a version"), false);
  });
});
