import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertNetworkAllowed } from "./offline.js";

describe("assertNetworkAllowed", () => {
  it("refuses any network access under --offline and allows it otherwise", () => {
    assert.throws(() => assertNetworkAllowed({ offline: true }, "provenance lookup"), {
      name: "OfflineError",
      code: "OFFLINE",
      message: "offline mode forbids network access (provenance lookup)",
    });
    assert.doesNotThrow(() => assertNetworkAllowed({}, "provenance lookup"));
  });
});
