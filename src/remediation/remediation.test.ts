import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fixedVersions, isAffected } from "../advisories/index.js";
import type { Finding } from "../model/finding.js";
import type { OsvRecord } from "../model/osv.js";
import { corpusPath } from "../testing/corpus.js";
import { isMajorUpgrade, planRemediation, smallestSafeVersion } from "./index.js";

const record = (id: string): OsvRecord =>
  JSON.parse(readFileSync(corpusPath("osv", "go", `${id}.json`), "utf8"));
const source = (records: OsvRecord[]) => ({ recordsFor: () => records, fixedVersions, isAffected });
const xnet = {
  ecosystem: "Go",
  name: "golang.org/x/net",
  version: "0.5.6",
  purl: "pkg:golang/golang.org/x/net@0.5.6",
};

function findingFor(r: OsvRecord, paths: string[][] = [], suppressed = false): Finding {
  return {
    id: r.id,
    aliases: [],
    summary: r.summary ?? "",
    severity: { rating: "unknown", type: "none" },
    package: xnet,
    fixed: fixedVersions(r, "Go", xnet.name),
    paths,
    locations: [],
    references: [],
    records: [r.id],
    ...(suppressed ? { suppressed: { by: "ignore" as const, reason: "r", source: "s" } } : {}),
  };
}

describe("smallestSafeVersion (real Go records for golang.org/x/net)", () => {
  it("GO-2023-1571 alone (0 -> 0.7.0): 0.7.0", () => {
    assert.equal(smallestSafeVersion(xnet, [record("GO-2023-1571")], source([])), "0.7.0");
  });
  it("with GO-2023-2102 (fixed 0.17.0): 0.7.0 is still affected, so 0.17.0", () => {
    const records = [record("GO-2023-1571"), record("GO-2023-2102")];
    assert.deepEqual(fixedVersions(records[1] as OsvRecord, "Go", xnet.name), ["0.17.0"]);
    assert.equal(smallestSafeVersion(xnet, records, source([])), "0.17.0");
  });
});

describe("planRemediation", () => {
  const r1571 = record("GO-2023-1571");
  const r2102 = record("GO-2023-2102");

  it("a transitive package names the direct dependencies to move", () => {
    const paths = [
      ["pkg:golang/example.com/a@1.0.0", xnet.purl],
      ["pkg:golang/example.com/b@2.0.0", "pkg:golang/example.com/c@1.0.0", xnet.purl],
    ];
    const [plan] = planRemediation(
      [findingFor(r1571, paths), findingFor(r2102, paths)],
      source([r1571, r2102]),
      () => false,
    );
    assert.equal(plan?.fixVersion, "0.17.0");
    assert.deepEqual(plan?.via, ["pkg:golang/example.com/a@1.0.0", "pkg:golang/example.com/b@2.0.0"]);
    assert.equal(
      plan?.advice,
      "upgrade example.com/a, example.com/b so that it resolves golang.org/x/net >= 0.17.0",
    );
  });

  it("suppressed findings neither need nor block a fix", () => {
    const [plan] = planRemediation(
      [findingFor(r1571), findingFor(r2102, [], true)],
      source([r1571, r2102]),
      () => true,
    );
    assert.equal(plan?.fixVersion, "0.7.0");
    assert.deepEqual(plan?.vulnerabilities, ["GO-2023-1571"]);
    assert.equal(plan?.advice, "upgrade golang.org/x/net to 0.7.0");
    assert.deepEqual(
      planRemediation([findingFor(r2102, [], true)], source([r2102]), () => true),
      [],
    );
  });
});

describe("isMajorUpgrade", () => {
  it("flags a new first number in semver-like ecosystems only", () => {
    assert.equal(isMajorUpgrade("npm", "1.9.0", "2.0.0"), true);
    assert.equal(isMajorUpgrade("Go", "v1.2.3", "v1.9.0"), false);
    assert.equal(isMajorUpgrade("Go", "28.5.2+incompatible", "29.0.0+incompatible"), true);
    assert.equal(isMajorUpgrade("crates.io", "0.9.1", "1.0.0"), true);
    assert.equal(isMajorUpgrade("PyPI", "1.0", "2.0"), false);
    assert.equal(isMajorUpgrade("Maven", "2.9.4", "3.0.0"), false);
  });
});
