import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { compareVersions } from "../index.js";
import { versions } from "./version.js";

describe("CRAN versions (package_version)", () => {
  it("compares components numerically, a prefix first", () => {
    assertAscending(versions, ["0.9", "0.75", "1.0", "1.0-0", "1.0-1", "1.0.2", "1.10"]);
    assertEquivalent(versions, ["1.01-0", "1.1.0", "1-1-0"]);
  });

  it("serves Bioconductor", () => {
    assert.equal(compareVersions("Bioconductor", "3.16.0", "3.9.1"), 1);
  });

  it("needs at least two components to be valid", () => {
    assert.ok(versions.isValid("1.0-2"));
    assert.equal(versions.isValid("1"), false);
    assert.equal(versions.isValid("1.0a"), false);
  });
});
