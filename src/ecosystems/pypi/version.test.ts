import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { versions } from "./version.js";

describe("PyPI versions (PEP 440, packaging)", () => {
  it("orders PEP 440's own example list", () => {
    assertAscending(versions, [
      "1.0.dev456",
      "1.0a1",
      "1.0a2.dev456",
      "1.0a12.dev456",
      "1.0a12",
      "1.0b1.dev456",
      "1.0b2",
      "1.0b2.post345.dev456",
      "1.0b2.post345",
      "1.0rc1.dev456",
      "1.0rc1",
      "1.0",
      "1.0+abc.5",
      "1.0+abc.7",
      "1.0+5",
      "1.0.post456.dev34",
      "1.0.post456",
      "1.0.15",
      "1.1.dev1",
    ]);
  });

  it("orders epochs before everything else", () => {
    assertAscending(versions, ["2024.1", "1!0.1", "1!1.0", "2!0.0.dev0"]);
    assertEquivalent(versions, ["1.0", "0!1.0", "00!1.0.0"]);
  });

  it("orders local versions after their public version; numeric segments after alphanumeric ones", () => {
    assertAscending(versions, ["1.0", "1.0+abc", "1.0+abc.1", "1.0+1", "1.0+2", "1.0+10", "1.0.post0"]);
    assertEquivalent(versions, ["1.0+ubuntu-1", "1.0+ubuntu.1", "1.0+Ubuntu_1", "1.0+ubuntu.01"]);
  });

  it("normalises spellings as PEP 440 does", () => {
    assertEquivalent(versions, ["1.0a1", "1.0-alpha1", "1.0.alpha.1", "1.0A1", "v1.0a1", " 1.0a1 "]);
    assertEquivalent(versions, ["1.0rc1", "1.0c1", "1.0pre1", "1.0preview1", "1.0-RC-1"]);
    assertEquivalent(versions, ["1.0.post0", "1.0.post", "1.0-0", "1.0post", "1.0.r0", "1.0-rev"]);
    assertEquivalent(versions, ["1.0.dev0", "1.0dev", "1.0-dev0"]);
    assertEquivalent(versions, ["1", "1.0", "1.0.0", "1.00.0"]);
  });

  it("compares numbers of any length exactly", () => {
    assertAscending(versions, [
      "1.99999999999999999998",
      "1.99999999999999999999",
      "1.100000000000000000000",
    ]);
  });

  it("puts legacy (non-PEP 440) versions before every PEP 440 version, ordered as LegacyVersion was", () => {
    // legacy keys start with "*" for words and zero-padded numbers, so a leading word sorts first
    assertAscending(versions, ["french toast", "0.1-bulbasaur", "1.0-dev-r1", "2.0-foo", "0.0.dev0"]);
    assertAscending(versions, ["1.0-foo", "1.0-goo", "1.0.1-foo"]);
  });

  it("tells PEP 440 versions from legacy ones", () => {
    for (const v of ["1.0", "1!2.0.post1.dev2+abc.1", "v1.0", "1.0-1", " 2.0 "])
      assert.ok(versions.isValid(v), v);
    for (const v of ["french toast", "1.0-bulbasaur", "", "1.0+", "1..0", "1.0_"]) {
      assert.equal(versions.isValid(v), false, v);
    }
  });
});
