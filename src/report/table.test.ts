import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ScanResult } from "../model/finding.js";
import { scan } from "../scan/index.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { displayWidth } from "./columns.js";
import { notCheckedText, renderTable } from "./table.js";

// The terminal table of a real scan: golang.org/x/net v0.5.6 against the corpus records (18 findings).
let db: CorpusAdvisories;
let result: ScanResult;
before(async () => {
  db = await buildCorpusDatabase();
  result = await scan(
    {
      paths: [],
      lockfiles: [
        { format: "go.mod", path: corpusPath("lockfiles", "golang", "gomod", "replace-not-required.mod") },
      ],
      maxDataAgeDays: 0,
    },
    db.reader,
  );
});
after(() => db.cleanup());

const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe("scan table", () => {
  it("fits a width: rows no wider, ids and versions whole; without one, rows are whole", () => {
    const fitted = renderTable(result, { color: false, width: 100 }).split("\n\n")[0]!.split("\n");
    assert.equal(fitted.length, 19);
    for (const row of fitted) assert.ok(displayWidth(row) <= 100, row);
    for (const f of result.findings)
      assert.ok(fitted.some((r) => r.includes(` ${f.id} `) && r.includes(" 0.5.6 ")));
    const whole = renderTable(result, { color: false });
    assert.ok(Math.max(...whole.split("\n").map(displayWidth)) > 100);
    assert.ok(whole.includes("Improper rendering of text nodes in golang.org/x/net"));
  });

  it("untrusted text from records and files is escaped: summaries, ids, advice, warnings, errors", () => {
    const copy: ScanResult = structuredClone(result);
    const f = copy.findings[0]!;
    f.summary = "Uncontrolled\u001b[2J\u001b]0;owned\u0007 Resource\u202e Consumption";
    f.id = `${f.id}\u009b31m`;
    copy.remediation[0]!.advice = "upgrade\rnothing to see\u2028here";
    copy.warnings.push("a record says\n\u001b[1mbold\u001b[0m");
    copy.inventory.errors.push({ path: "go.mod\u001b[A", line: 3, message: "forged\nline" });
    const table = renderTable(copy, { color: false });
    assert.ok(!RAW_CONTROL.test(table), JSON.stringify(table));
    for (const shown of [
      "Uncontrolled\\x1b[2J\\x1b]0;owned\\x07 Resource\\u202e Consumption",
      "\\x9b31m",
      "upgrade\\rnothing to see\\u2028here",
      "warning: a record says\\n\\x1b[1mbold\\x1b[0m",
      "error: go.mod\\x1b[A:3: forged\\nline",
    ])
      assert.ok(table.includes(shown), shown);
  });

  it("the summary line names the ecosystems not checked, and counts input errors", () => {
    const copy: ScanResult = structuredClone(result);
    copy.coverage = [
      { ecosystem: "Go", packages: 2, records: 4291 },
      { ecosystem: "npm", packages: 1445, records: 0 },
    ];
    copy.warnings.push("NOT CHECKED: the advisory database holds no records for npm (1445 packages)");
    copy.inventory.errors.push({ path: "pom.xml", line: 451, message: "no version" });
    const lines = renderTable(copy, { color: false }).split("\n");
    assert.ok(
      lines.includes(
        "18 vulnerabilities (critical 0, high 1, medium 1, low 0, unknown 16) in 2 packages; 1 input error (below) — NOT CHECKED: npm (1445 packages, no advisories in the database)",
      ),
      lines.join("\n"),
    );
    assert.equal(lines.filter((l) => l.includes("NOT CHECKED")).length, 1, "not repeated as a warning");
    copy.coverage.push({ ecosystem: "PyPI", packages: 1, records: 0 });
    assert.equal(
      notCheckedText(copy),
      " — NOT CHECKED: npm (1445 packages), PyPI (1 package): no advisories in the database",
    );
    copy.coverage = [{ ecosystem: "Go", packages: 2, records: 4291 }];
    assert.equal(notCheckedText(copy), "");
  });
});
