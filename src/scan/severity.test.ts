import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { OsvRecord } from "../model/osv.js";
import { corpusPath } from "../testing/corpus.js";
import { cvssSeverity, labelSeverity, ratingOfScore, severityOf } from "./severity.js";

const record = (path: string): OsvRecord => JSON.parse(readFileSync(corpusPath("osv", path), "utf8"));
const whole = (r: OsvRecord) => [{ record: r, affected: r.affected ?? [] }];

describe("cvssSeverity", () => {
  it("scores v2, v3.0, v3.1 and v4.0 vectors with the library", () => {
    // CVSS v2 guide's example CVE-2002-0392: AV:N/AC:L/Au:N/C:N/I:N/A:C = 7.8.
    assert.deepEqual(cvssSeverity("AV:N/AC:L/Au:N/C:N/I:N/A:C"), {
      score: 7.8,
      rating: "high",
      vector: "AV:N/AC:L/Au:N/C:N/I:N/A:C",
      type: "CVSS_V2",
    });
    assert.equal(cvssSeverity("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")?.score, 9.8);
    assert.equal(cvssSeverity("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")?.rating, "critical");
    assert.equal(cvssSeverity("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N")?.score, 6.5);
    const v4 = cvssSeverity("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N");
    assert.equal(v4?.type, "CVSS_V4");
    assert.equal(v4?.score, 6.9);
    assert.equal(v4?.rating, "medium");
  });

  it("rejects garbage and incomplete vectors instead of scoring them 0", () => {
    assert.equal(cvssSeverity("garbage"), undefined);
    assert.equal(cvssSeverity("CVSS:3.1/AV:N"), undefined);
    assert.equal(cvssSeverity(""), undefined);
  });

  it("uses NVD's v2 bands (no critical) and FIRST's v3/v4 bands", () => {
    assert.equal(ratingOfScore(10, "CVSS_V2"), "high");
    assert.equal(ratingOfScore(9.0, "CVSS_V3"), "critical");
    assert.equal(ratingOfScore(8.9, "CVSS_V3"), "high");
    assert.equal(ratingOfScore(4.0, "CVSS_V4"), "medium");
    assert.equal(ratingOfScore(3.9, "CVSS_V3"), "low");
  });
});

describe("severityOf (real records)", () => {
  it("takes the highest CVSS score of the record: GHSA-qppj-fm5r-hxr3 has v3.1 5.3 and v4 6.9", () => {
    const s = severityOf(whole(record("ghsa-and-others/GHSA-qppj-fm5r-hxr3.json")));
    assert.equal(s.score, 6.9);
    assert.equal(s.type, "CVSS_V4");
    assert.equal(s.rating, "medium");
  });

  it("falls back to the GHSA label without CVSS: GHSA-vvpx-j8f3-3w6h is HIGH", () => {
    const s = severityOf(whole(record("ghsa-and-others/GHSA-vvpx-j8f3-3w6h.json")));
    assert.deepEqual(s, { rating: "high", vector: "HIGH", type: "ecosystem" });
  });

  it("prefers CVSS over the label when both are present: GHSA-269q-hmxg-m83q (MODERATE, CVSS 5.5)", () => {
    const s = severityOf(whole(record("ghsa-and-others/GHSA-269q-hmxg-m83q.json")));
    assert.equal(s.type, "CVSS_V3");
    assert.equal(s.score, 5.5);
  });

  it("reads Ubuntu's severity type and Debian's urgency", () => {
    const ubuntu = record("ghsa-and-others/UBUNTU-CVE-2025-38094.json");
    const label = ubuntu.severity?.find((x) => x.type === "Ubuntu")?.score;
    assert.ok(label, "the record carries an Ubuntu severity");
    assert.equal(severityOf(whole(ubuntu)).rating, labelSeverity(label)?.rating);
    assert.equal(severityOf(whole(record("ghsa-and-others/CVE-2024-3847.json"))).rating, "low");
  });

  it("is unknown for Go records, which carry no severity", () => {
    assert.deepEqual(severityOf(whole(record("go/GO-2023-1571.json"))), { rating: "unknown", type: "none" });
  });

  it("combines records of one alias group and affected-level vectors, reporting unscorable ones", () => {
    const go = record("go/GO-2023-1571.json");
    const ghsa = record("ghsa-and-others/GHSA-vvpx-j8f3-3w6h.json");
    assert.equal(severityOf([...whole(go), ...whole(ghsa)]).rating, "high");
    const affectedLevel: OsvRecord = {
      ...go,
      affected: [{ ...(go.affected?.[0] ?? {}), severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N" }] }],
    };
    const problems: string[] = [];
    assert.equal(severityOf(whole(affectedLevel), (m) => problems.push(m)).rating, "unknown");
    assert.match(problems[0] ?? "", /GO-2023-1571: cannot score CVSS vector/);
  });
});
