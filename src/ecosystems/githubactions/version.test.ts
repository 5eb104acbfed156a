import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { versions } from "./version.js";

describe("GitHub Actions versions (tags)", () => {
  it("orders short and full SemVer tags", () => {
    assertEquivalent(versions, ["v4", "v4.0", "v4.0.0", "4.0.0"]);
    assertAscending(versions, ["v3.9.9", "v4.0.0-beta.1", "v4", "v4.1", "v4.1.7", "v10"]);
  });

  it("sorts other tags before SemVer tags", () => {
    assertAscending(versions, ["main", "release-2024", "v0.0.1"]);
    assert.equal(versions.isValid("main"), false);
  });
});
