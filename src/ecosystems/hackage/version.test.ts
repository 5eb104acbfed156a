import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending } from "../../testing/version-order-assertions.js";
import { compareVersions } from "../index.js";
import { versions } from "./version.js";

describe("Hackage versions (Data.Version)", () => {
  it("compares components as lists, a prefix first", () => {
    assertAscending(versions, ["0.9", "0.10", "1", "1.0", "1.0.0", "1.0.0.1", "1.1"]);
    assert.equal(compareVersions("GHC", "9.4.8", "9.10.1"), -1);
  });

  it("accepts only dotted numbers", () => {
    assert.ok(versions.isValid("1.2.3.4"));
    assert.equal(versions.isValid("1.2-tag"), false);
  });
});
