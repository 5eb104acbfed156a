import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { compareVersions } from "../index.js";
import { versions } from "./version.js";

describe("Alpine versions (apk-tools)", () => {
  it("orders suffixes, letters and revisions", () => {
    assertAscending(versions, [
      "1.0_alpha1",
      "1.0_alpha2",
      "1.0_beta",
      "1.0_pre1",
      "1.0_rc1",
      "1.0",
      "1.0-r1",
      "1.0-r10",
      "1.0_cvs",
      "1.0_svn",
      "1.0_git",
      "1.0_hg",
      "1.0_p1",
      "1.0a",
      "1.0b",
      "1.0.1",
    ]);
  });

  it("reads a number with a leading zero after a dot as a fraction", () => {
    assertAscending(versions, ["1.001", "1.01", "1.05", "1.1", "1.10"]);
    assertEquivalent(versions, ["1.0-r0", "1.0-r"]);
    assertAscending(versions, ["1.0", "1.0-r0", "1.0-r1"]);
  });

  it("serves Wolfi and Chainguard with the same ordering", () => {
    for (const eco of ["Wolfi", "Chainguard", "Alpine:v3.20"]) {
      assert.equal(compareVersions(eco, "1.2.3_rc1-r0", "1.2.3-r0"), -1);
    }
  });

  it("validates as apk does", () => {
    for (const v of ["1.2.3", "1.2.3_rc1-r4", "2.0a_p1", "1.0-r0"]) assert.ok(versions.isValid(v), v);
    for (const v of ["1.2.3_blah", "1.2.3A", "1-ruff", "1.0-", "x"])
      assert.equal(versions.isValid(v), false, v);
  });
});
