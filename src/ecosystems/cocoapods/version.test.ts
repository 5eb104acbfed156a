import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { versions } from "./version.js";

describe("CocoaPods versions (SemVer)", () => {
  it("orders pods' SemVer versions", () => {
    assertAscending(versions, ["1.0.0-beta.1", "1.0.0", "1.2", "1.10.0"]);
    assertEquivalent(versions, ["1.2", "1.2.0"]);
  });
});
