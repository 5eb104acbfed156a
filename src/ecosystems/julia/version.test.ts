import { describe, it } from "node:test";
import { assertAscending, assertEquivalent } from "../../testing/version-order-assertions.js";
import { versions } from "./version.js";

describe("Julia versions (VersionNumber)", () => {
  it("sorts build metadata after the release, pre-releases before", () => {
    assertAscending(versions, ["1.0.0-rc1", "1.0.0", "1.0.0+1", "1.0.0+build", "1.0.1", "1.10.0"]);
    assertEquivalent(versions, ["v1.2", "1.2.0"]);
  });
});
