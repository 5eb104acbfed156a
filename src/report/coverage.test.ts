import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ScanResult } from "../model/finding.js";
import { scan } from "../scan/index.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { cycloneDxValidator, sarifValidator, schemaErrors, spdxValidator } from "../testing/schemas.js";
import { renderScan } from "./index.js";
import { SCAN_REPORT_SCHEMA } from "./json-schema.js";

// Issue: an npm project scanned against a database without npm advisories said "0 vulnerabilities" and
// nothing else. Every format must say which ecosystems were checked against how many records, and which not.
let goOnly: CorpusAdvisories;
let result: ScanResult;
before(async () => {
  goOnly = await buildCorpusDatabase(["go"]);
  result = await scan(
    { paths: [corpusPath("projects", "dependency-track-frontend"), corpusPath("projects", "guac")] },
    goOnly.reader,
  );
});
after(() => goOnly.cleanup());
const render = (format: string) => renderScan(result, format, { color: false });

describe("every format says what was not checked", () => {
  it("json: a coverage section, valid against the report's schema", async () => {
    const doc = JSON.parse(render("json"));
    const npm = doc.coverage.find((c: { ecosystem: string }) => c.ecosystem === "npm");
    const go = doc.coverage.find((c: { ecosystem: string }) => c.ecosystem === "Go");
    assert.deepEqual([npm.packages, npm.records], [1445, 0]);
    assert.ok(go.records > 4000, "checked against the Go records");
    const { Ajv } = await import("ajv");
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(SCAN_REPORT_SCHEMA);
    assert.ok(validate(doc), JSON.stringify(validate.errors));
  });

  it("markdown, sarif, cyclonedx and spdx name npm as NOT CHECKED (and stay valid)", () => {
    assert.match(
      render("markdown"),
      /\*\*NOT CHECKED\*\*: npm \(1,445 packages; no npm advisories in the database\)/,
    );
    const sarif = JSON.parse(render("sarif"));
    assert.equal(schemaErrors(sarifValidator(), sarif), "");
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications.map(
      (n: { message: { text: string } }) => n.message.text,
    );
    assert.ok(
      notes.some((t: string) => /NOT CHECKED: .*npm \(1445 packages\)/.test(t)),
      notes.join("\n"),
    );
    const cdx = JSON.parse(render("cyclonedx"));
    assert.equal(schemaErrors(cycloneDxValidator("1.6"), cdx), "");
    assert.ok(
      cdx.metadata.properties.some(
        (p: { name: string; value: string }) =>
          p.name === "bulwark:coverage:npm" && /NOT CHECKED/.test(p.value),
      ),
    );
    const spdx = JSON.parse(render("spdx"));
    assert.equal(schemaErrors(spdxValidator(), spdx), "");
    assert.match(spdx.creationInfo.comment, /NOT CHECKED: npm/);
  });
});
