import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hasCode } from "../model/errors.js";
import { scanRenderers } from "./index.js";
import {
  checkReportFormat,
  loadReportRenderers,
  reportFormats,
  reportKinds,
  reportRenderer,
} from "./registry.js";

describe("report registry", () => {
  it("lists, for every kind, exactly the formats its renderers provide", async () => {
    for (const kind of reportKinds()) {
      const loaded = Object.keys(await loadReportRenderers(kind));
      assert.deepEqual([...loaded].sort(), [...reportFormats(kind)].sort(), kind);
    }
  });

  it("gives the scan report's own renderers", async () => {
    assert.deepEqual(reportFormats("scan"), Object.keys(scanRenderers));
    assert.equal(await reportRenderer("scan", "sarif"), scanRenderers.sarif);
  });

  it("refuses an unknown format with a USAGE error listing the kind's formats", async () => {
    const usage = (error: unknown) =>
      hasCode(error, "USAGE") &&
      error.message === 'unknown format "xml"' &&
      error.hint === "use one of: table, json, sarif";
    assert.throws(() => checkReportFormat("risk", "xml"), usage);
    await assert.rejects(reportRenderer("risk", "xml"), usage);
    // Names of Object.prototype are no formats.
    assert.throws(
      () => checkReportFormat("query", "constructor"),
      (e) => hasCode(e, "USAGE"),
    );
    assert.equal(checkReportFormat("inventory", "json"), "json");
  });
});
