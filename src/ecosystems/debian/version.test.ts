import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { compareVersions } from "../index.js";
import { versions } from "./version.js";

describe("Debian versions (dpkg)", () => {
  it("orders epochs, ~ and revisions as dpkg", () => {
    assertAscending(versions, [
      "1.0~~",
      "1.0~rc1",
      "1.0",
      "1.0-1",
      "1.0-1ubuntu1",
      "1.0-1+deb12u1",
      "1.0a",
      "1.0+b1",
      "1.0.1",
      "1:0.1",
      "2:0.0.1",
    ]);
    assertEquivalent(versions, ["1.0", "0:1.0", "1.0-0", "01.0"]);
  });

  it("is shared by Ubuntu and ignores the release suffix", () => {
    assert.equal(compareVersions("Ubuntu:22.04:LTS", "2.7.4-1ubuntu1", "2.7.4-1ubuntu1.1"), -1);
    assert.equal(compareVersions("Debian:12", "1.2.3-1~deb12u1", "1.2.3-1"), -1);
  });

  it("sorts malformed versions (non-numeric epoch) before valid ones", () => {
    assertAscending(versions, ["a:1.0", "0.0.0"]);
    assert.equal(versions.isValid("a:1.0"), false);
    assert.equal(versions.isValid("1.2.3-not-a-debian:version!@#$"), false);
    assert.ok(versions.isValid("1:2.30-1+deb12u2"));
  });
});
