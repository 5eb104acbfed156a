import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { versions } from "./version.js";

describe("opam versions (Debian-like ordering)", () => {
  it("orders ~ first, then the end, letters, other symbols and numbers", () => {
    assertAscending(versions, ["1.0~beta", "1.0", "1.0a", "1.0+dev", "1.0.1", "1.1", "1.10", "v1"]);
    assertEquivalent(versions, ["1.01", "1.1"]);
  });
});
