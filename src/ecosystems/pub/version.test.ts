import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { versions } from "./version.js";

describe("Pub versions (pub_semver)", () => {
  it("sorts build metadata after the release and compares it", () => {
    assertAscending(versions, [
      "1.0.0-dev",
      "1.0.0-dev+1",
      "1.0.0",
      "1.0.0+1",
      "1.0.0+2",
      "1.0.0+10",
      "1.0.0+a",
      "1.0.1",
    ]);
  });

  it("keeps SemVer's pre-release order", () => {
    assertAscending(versions, [
      "2.0.0-alpha",
      "2.0.0-alpha.1",
      "2.0.0-beta",
      "2.0.0-beta.11",
      "2.0.0-rc.1",
      "2.0.0",
    ]);
    assertEquivalent(versions, ["1.2.3+abc", "v1.2.3+abc"]);
  });

  it("validates pub_semver's grammar", () => {
    assert.ok(versions.isValid("1.2.3-dev.1+build.2"));
    assert.equal(versions.isValid("1.2"), false);
    assert.equal(versions.isValid("v1.2.3"), false);
  });
});
