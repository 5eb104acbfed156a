import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { versions } from "./version.js";

describe("ConanCenter versions (Conan 2)", () => {
  it("orders numbers numerically, ignoring trailing zeros", () => {
    assertAscending(versions, ["1.2", "1.2.3", "1.10", "2"]);
    assertEquivalent(versions, ["1", "1.0", "1.0.0"]);
  });

  it("sorts a pre-release before and a build after its version", () => {
    assertAscending(versions, ["1.0-alpha", "1.0-beta.1", "1.0-beta.2", "1.0", "1.0+1", "1.0+2", "1.1-rc"]);
  });

  it("compares words as text and words against numbers as text", () => {
    assertAscending(versions, ["1.0.a", "1.0.b", "cci.20200101", "cci.20210101"]);
  });
});
