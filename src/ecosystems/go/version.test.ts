import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { versions } from "./version.js";

describe("Go versions", () => {
  it("accepts versions with and without the v prefix (OSV records omit it)", () => {
    assertEquivalent(versions, ["v1.2.3", "1.2.3"]);
    assertEquivalent(versions, ["v1", "v1.0", "v1.0.0", "1.0.0"]);
  });

  it("ignores +incompatible and other build metadata", () => {
    assertEquivalent(versions, ["v2.0.0+incompatible", "v2.0.0", "2.0.0"]);
    assertAscending(versions, ["v2.0.0+incompatible", "v2.0.1+incompatible", "v3.0.0+incompatible"]);
  });

  it("orders pseudo-versions among the releases they derive from", () => {
    assertAscending(versions, [
      "v0.0.0-20191109021931-daa7c04131f5",
      "v0.0.0-20200101000000-aaaaaaaaaaaa",
      "v0.0.1",
      "v1.2.3-pre",
      "v1.2.3-pre.0.20191109021931-daa7c04131f5",
      "v1.2.3",
      "v1.2.4-0.20191109021931-daa7c04131f5",
      "v1.2.4-0.20200101000000-aaaaaaaaaaaa",
      "v1.2.4",
    ]);
  });

  it("maps Go release tags as the Go vulnerability database does", () => {
    assertEquivalent(versions, ["go1.21rc1", "1.21rc1", "1.21.0-rc.1"]);
    assertEquivalent(versions, ["go1.20", "1.20.0", "v1.20.0"]);
    assertAscending(versions, [
      "go1.9beta2",
      "go1.9",
      "go1.20",
      "go1.20.1",
      "go1.21rc1",
      "go1.21rc2",
      "go1.21.0",
      "1.21.1",
    ]);
  });

  it("sorts strings that are no Go version before every valid one", () => {
    assertAscending(versions, ["master", "v0.0.0-0", "v0.0.0"]);
    assert.equal(versions.isValid("master"), false);
  });

  it("validates with Go's own grammar", () => {
    for (const v of [
      "v1.2.3",
      "1.2.3",
      "v1",
      "v1.2",
      "go1.21rc1",
      "v2.0.0+incompatible",
      "v0.0.0-20191109021931-daa7c04131f5",
    ]) {
      assert.ok(versions.isValid(v), v);
    }
    for (const v of ["v1.2.3.4", "v01.2.3", "v1.2-pre", "v1.2.3-01", "latest", ""]) {
      assert.equal(versions.isValid(v), false, v);
    }
  });
});
