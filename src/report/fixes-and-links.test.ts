// Items 22 and 31 of the new-user issue, on a real scan of scorecard's and guac's go.mod against the Go
// vulnerability database: scorecard holds go.opentelemetry.io/otel 1.43.0 with GO-2026-5158 (fixed in 1.42.0,
// regressed in 1.43.0, fixed again in 1.44.0); guac's stdlib 1.26.0 has GO-2026-4599, whose first reference
// is a code review.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ScanResult } from "../model/finding.js";
import { scan } from "../scan/index.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { renderScan } from "./index.js";

let db: CorpusAdvisories;
let result: ScanResult;
before(async () => {
  db = await buildCorpusDatabase(["go"]);
  result = await scan(
    { paths: [corpusPath("projects", "scorecard"), corpusPath("projects", "guac")] },
    db.reader,
  );
});
after(() => db.cleanup());

const render = (format: string) => renderScan(result, format, { color: false });
const OTEL = "GO-2026-5158";

interface SarifResult {
  ruleId: string;
  message: { text: string };
}

describe("fixed versions relevant to the installed one (otel 1.43.0, GO-2026-5158)", () => {
  it("the scan finds it with both fixed versions", () => {
    const f = result.findings.find((x) => x.id === OTEL);
    assert.equal(f?.package.version, "1.43.0");
    assert.deepEqual(f?.fixed, ["1.42.0", "1.44.0"]);
  });

  it("table and markdown show 1.44.0 as FIXED IN, never 1.42.0", () => {
    const row = render("table")
      .split("\n")
      .find((l) => l.includes(OTEL));
    assert.match(row ?? "", /go\.opentelemetry\.io\/otel\s+1\.43\.0\s+1\.44\.0\s/);
    assert.ok(!row?.includes("1.42.0"), row);
    const md = render("markdown")
      .split("\n")
      .find((l) => l.startsWith("|") && l.includes(OTEL));
    assert.match(md ?? "", /\| 1\.43\.0 \| 1\.44\.0 \|/);
  });

  it("SARIF says 'Fixed in: 1.44.0.' and html offers 1.44.0, naming 1.42.0 only as an older branch's fix", () => {
    const sarif = JSON.parse(render("sarif"));
    const message = sarif.runs[0].results.find((r: SarifResult) => r.ruleId === OTEL)?.message.text ?? "";
    assert.match(message, / Fixed in: 1\.44\.0\. /);
    assert.ok(!message.includes("1.42.0"), message);
    const html = render("html");
    const item = html.slice(
      html.indexOf(`>${OTEL}</a>`),
      html.indexOf("</li>", html.indexOf(`>${OTEL}</a>`)),
    );
    assert.match(item, /<small>[^<]*fixed in 1\.44\.0<\/small>/);
    // Its details load on demand from the blocks data-a names: the finding's own notes first.
    const notesId = /data-a="(d\d+)/.exec(item)?.[1];
    const notes = new RegExp(`<script type="text/html" id="${notesId}">(.*?)</script>`).exec(html)?.[1] ?? "";
    assert.match(notes, /Fixed in<\/span> 1\.44\.0</);
    assert.match(notes, /Fixed on older branches<\/span> 1\.42\.0 \(not a fix for 1\.43\.0\)/);
  });
});

describe("SARIF rules and messages", () => {
  it("helpUri is the advisory's page, not its first reference (GO-2026-4599's is a code review)", () => {
    const sarif = JSON.parse(render("sarif"));
    const rules: { id: string; helpUri: string }[] = sarif.runs[0].tool.driver.rules;
    const rule = rules.find((r) => r.id === "GO-2026-4599");
    assert.equal(rule?.helpUri, "https://pkg.go.dev/vuln/GO-2026-4599");
    for (const r of rules) assert.ok(!r.helpUri.includes("go.dev/cl/"), r.helpUri);
  });

  it("every message is made of sentences ending with a full stop", () => {
    const sarif = JSON.parse(render("sarif"));
    const results: SarifResult[] = sarif.runs[0].results;
    assert.ok(results.length > 50, `${results.length} results`);
    for (const r of results) assert.match(r.message.text, /[.!?]$/, r.message.text);
    const otel = results.find((r) => r.ruleId === OTEL)?.message.text ?? "";
    // The summary has no full stop of its own: one is added before the next sentence.
    assert.match(otel, /in go\.opentelemetry\.io\/otel\. Fixed in/);
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications as { message: { text: string } }[];
    for (const n of notes) assert.match(n.message.text, /[.!?]$/);
  });
});
