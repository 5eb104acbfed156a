// The Vulnerabilities check runs the scan engine offline on the repository's own lockfiles.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { scan } from "../scan/index.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { makeRepo } from "../testing/risk-fixtures.js";
import { assessRisk } from "./assess.js";

describe("Vulnerabilities", () => {
  let db: CorpusAdvisories;
  before(async () => {
    db = await buildCorpusDatabase(["pypi"]);
  });
  after(() => db.cleanup());

  it("scores 10 minus one per vulnerability (aliases grouped by the scan engine), with locations", async () => {
    const repo = makeRepo({
      "requirements.txt": { text: "jinja2==2.10\nurllib3==1.24.1\nrequests==2.31.0\n" },
    });
    const [check] = (await assessRisk({ path: repo, checks: ["Vulnerabilities"], advisories: db.reader }))
      .checks;
    const expected = (await scan({ paths: [repo] }, db.reader)).findings.filter((f) => !f.suppressed);
    assert.ok(expected.length > 0, "the corpus has advisories for jinja2 2.10 and urllib3 1.24.1");
    assert.equal(check.score, Math.max(0, 10 - expected.length));
    const negatives = check.findings.filter((f) => f.outcome === "negative");
    assert.equal(negatives.length, expected.length);
    assert.ok(negatives.every((f) => f.location?.path === "requirements.txt"));
    assert.equal(
      new Set(negatives.map((f) => f.values?.id)).size,
      negatives.length,
      "one finding per vulnerability",
    );
  });
  it("no vulnerable dependency → 10", async () => {
    const repo = makeRepo({ "requirements.txt": { text: "requests==2.32.3\n" } });
    const [check] = (await assessRisk({ path: repo, checks: ["Vulnerabilities"], advisories: db.reader }))
      .checks;
    assert.equal(check.score, 10);
  });
  it("no lockfile → not evaluated; no database → not evaluated with the reason", async () => {
    const empty = makeRepo({ "a.txt": { text: "x" } });
    const [none] = (await assessRisk({ path: empty, checks: ["Vulnerabilities"], advisories: db.reader }))
      .checks;
    assert.equal(none.status, "not-evaluated");
    const [missing] = (await assessRisk({ path: empty, checks: ["Vulnerabilities"] })).checks;
    assert.equal(missing.status, "not-evaluated");
    assert.match(missing.reason, /no advisory database/);
  });
});
