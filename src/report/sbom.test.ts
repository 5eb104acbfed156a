import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newPackage } from "../ecosystems/new-package.js";
import type { Suppression } from "../model/finding.js";
import { toCycloneDx } from "../sbom/index.js";
import { cycloneDxValidator, schemaErrors } from "../testing/schemas.js";
import { cycloneDxAnalysis } from "./sbom.js";

describe("CycloneDX analysis of a suppression", () => {
  const ignore = (extra: Partial<Suppression> = {}): Suppression => ({
    by: "ignore",
    reason: "we accept it until the next release",
    source: "bulwark.toml",
    ...extra,
  });

  it("an ignore that states no VEX status is an accepted risk, never not_affected", () => {
    assert.deepEqual(cycloneDxAnalysis(ignore()), {
      state: "exploitable",
      response: ["will_not_fix"],
      detail: "ignore: we accept it until the next release (bulwark.toml)",
    });
    assert.equal(cycloneDxAnalysis(ignore({ status: "affected" })).state, "exploitable");
  });

  it("a stated status maps to CycloneDX's state, with the justification in its vocabulary", () => {
    assert.deepEqual(
      cycloneDxAnalysis(
        ignore({ status: "not_affected", justification: "vulnerable_code_not_in_execute_path" }),
      ),
      {
        state: "not_affected",
        justification: "code_not_reachable",
        detail: "ignore: we accept it until the next release (bulwark.toml)",
      },
    );
    assert.equal(cycloneDxAnalysis(ignore({ status: "fixed" })).state, "resolved");
    assert.equal(cycloneDxAnalysis(ignore({ status: "under_investigation" })).state, "in_triage");
  });
});

describe("an accepted risk in a CycloneDX document", () => {
  it("is valid against the official 1.6 schema", () => {
    const purl = "pkg:npm/ejs@2.7.4";
    const doc = toCycloneDx(
      {
        packages: [newPackage({ ecosystem: "npm", name: "ejs", version: "2.7.4", purl, direct: true })],
        sources: [],
        errors: [],
      },
      {
        name: "app",
        vulnerabilities: [
          {
            id: "GHSA-phwq-j96m-2c2q",
            aliases: ["CVE-2022-29078"],
            rating: "critical",
            affects: [purl],
            fixed: ["3.1.7"],
            references: [],
            analysis: cycloneDxAnalysis({ by: "ignore", reason: "r", source: "bulwark.toml" }),
          },
        ],
      },
    );
    assert.equal(schemaErrors(cycloneDxValidator("1.6"), doc), "");
  });
});
