import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import Ajv from "ajv";
import type { ScanResult } from "../model/finding.js";
import { scan } from "../scan/index.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { cycloneDxValidator, sarifValidator, schemaErrors, spdxValidator } from "../testing/schemas.js";
import { escapeHtml, safeUrl } from "./escape.js";
import { JSON_SCHEMA_VERSION, renderScan, scanRenderers } from "./index.js";
import { SCAN_REPORT_SCHEMA } from "./json-schema.js";

let db: CorpusAdvisories;
let result: ScanResult;
before(async () => {
  db = await buildCorpusDatabase();
  // golang.org/x/net v0.5.6: 18 real findings (one high, one medium, the rest unknown); one suppressed below.
  result = await scan(
    {
      paths: [],
      lockfiles: [
        { format: "go.mod", path: corpusPath("lockfiles", "golang", "gomod", "replace-not-required.mod") },
      ],
    },
    db.reader,
  );
  const target = result.findings.find((f) => f.id === "GHSA-qppj-fm5r-hxr3");
  assert.ok(target);
  target.suppressed = {
    by: "vex",
    reason: "not_affected: component_not_present",
    source: "vex.json",
    status: "not_affected",
    justification: "component_not_present",
  };
});
after(() => db.cleanup());

const render = (format: string) => renderScan(result, format, { color: false });

/** A copy of the result whose first finding's text is hostile (records are untrusted input). */
function hostile(): ScanResult {
  const copy: ScanResult = structuredClone(result);
  const f = copy.findings[0];
  assert.ok(f);
  f.summary = `<script>alert("x")</script> & <img src="http://evil.example/x.png">`;
  f.details = "</details><script>steal()</script>";
  f.references = [
    { type: "WEB", url: "javascript:alert(1)" },
    { type: "WEB", url: "https://example.com/a?b=<c>" },
  ];
  return copy;
}

describe("json report", () => {
  it("validates against the documented JSON Schema, also with expired ignores, unresolved packages and errors", () => {
    const ajv = new Ajv.default({ strict: false, allErrors: true });
    const validate = ajv.compile(SCAN_REPORT_SCHEMA);
    assert.equal(schemaErrors(validate, JSON.parse(render("json"))), "");
    const fuller: ScanResult = structuredClone(result);
    fuller.expiredIgnores = [
      { id: "GO-2023-1571", reason: "r", expires: "2026-01-31", source: "bulwark.toml" },
    ];
    fuller.unresolved = [
      {
        ecosystem: "npm",
        name: "a",
        version: "^1.0.0",
        purl: "pkg:npm/a@%5E1.0.0",
        locations: [{ path: "package.json", line: 3 }],
      },
    ];
    fuller.inventory.errors = [{ path: "web/package-lock.json", message: "invalid JSON" }];
    assert.equal(schemaErrors(validate, JSON.parse(renderScan(fuller, "json", { color: false }))), "");
    const broken = JSON.parse(render("json"));
    broken.findings[0].severity.rating = "severe";
    assert.notEqual(schemaErrors(validate, broken), "", "the schema rejects what it should");
  });

  it("has the documented shape, with suppressed findings kept and marked", () => {
    const doc = JSON.parse(render("json"));
    assert.equal(doc.schemaVersion, JSON_SCHEMA_VERSION);
    assert.equal(doc.tool.name, "bulwark");
    assert.equal(doc.findings.length, 18);
    for (const f of doc.findings) {
      assert.equal(typeof f.id, "string");
      assert.ok(Array.isArray(f.aliases));
      assert.deepEqual(Object.keys(f.package).sort(), ["ecosystem", "name", "purl", "version"]);
      assert.ok(["critical", "high", "medium", "low", "unknown"].includes(f.severity.rating));
      assert.ok(Array.isArray(f.fixed));
      assert.ok(Array.isArray(f.paths));
      assert.ok(Array.isArray(f.locations));
    }
    const suppressed = doc.findings.filter((f: { suppressed?: unknown }) => f.suppressed);
    assert.equal(suppressed.length, 1);
    assert.equal(suppressed[0].id, "GHSA-qppj-fm5r-hxr3");
    assert.deepEqual(doc.summary, {
      total: 17,
      suppressed: 1,
      bySeverity: { critical: 0, high: 1, medium: 0, low: 0, unknown: 16 },
    });
    assert.ok(Array.isArray(doc.remediation) && doc.remediation[0].fixVersion === "0.56.0");
    for (const key of ["unresolved", "expiredIgnores", "warnings"]) assert.ok(Array.isArray(doc[key]), key);
    assert.equal(typeof doc.database.records, "number");
  });
});

describe("sarif report", () => {
  it("validates against the SARIF 2.1.0 schema", () => {
    const doc = JSON.parse(render("sarif"));
    assert.equal(schemaErrors(sarifValidator(), doc), "");
  });

  it("has one rule per vulnerability, results at the lockfile line, fingerprints, severities and suppressions", () => {
    const doc = JSON.parse(render("sarif"));
    const run = doc.runs[0];
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.equal(new Set(ruleIds).size, ruleIds.length);
    assert.equal(ruleIds.length, 18);
    const high = run.tool.driver.rules.find((r: { id: string }) => r.id === "GHSA-vvpx-j8f3-3w6h");
    assert.equal(high.properties["security-severity"], "8.0");
    const res = run.results.find((r: { ruleId: string }) => r.ruleId === "GHSA-vvpx-j8f3-3w6h");
    assert.equal(res.level, "error");
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
    assert.equal(res.locations[0].physicalLocation.region.startLine, 2);
    // relative to the scanned root, so the same project gives the same report from any folder
    assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, "replace-not-required.mod");
    assert.match(res.partialFingerprints["bulwarkFinding/v1"], /^[0-9a-f]{32}$/);
    const suppressed = run.results.filter((r: { suppressions?: unknown[] }) => r.suppressions);
    assert.equal(suppressed.length, 1);
    assert.equal(suppressed[0].ruleId, "GHSA-qppj-fm5r-hxr3");
    assert.equal(suppressed[0].suppressions[0].kind, "external");
  });

  it("locates a finding without lines at the first input file", () => {
    const copy: ScanResult = structuredClone(result);
    for (const f of copy.findings) f.locations = [];
    const doc = JSON.parse(renderScan(copy, "sarif", { color: false }));
    assert.equal(schemaErrors(sarifValidator(), doc), "");
    const loc = doc.runs[0].results[0].locations[0].physicalLocation;
    assert.match(loc.artifactLocation.uri, /replace-not-required\.mod$/);
    assert.equal(loc.region, undefined);
  });

  it("stays valid with hostile text", () => {
    assert.equal(
      schemaErrors(sarifValidator(), JSON.parse(renderScan(hostile(), "sarif", { color: false }))),
      "",
    );
  });
});

describe("markdown report", () => {
  it("has the counts by severity and one row per unsuppressed finding", () => {
    const md = render("markdown");
    assert.match(md, /\| high \| 1 \|/);
    assert.match(md, /\| unknown \| 16 \|/);
    assert.match(md, /\*\*17\*\*/);
    assert.match(md, /1 finding\(s\) suppressed/);
    const rows = md.split("\n").filter((l) => l.includes("| golang.org/x/net | 0.5.6 |"));
    assert.equal(rows.length, 17);
    assert.ok(rows.some((r) => r.includes("GHSA-vvpx-j8f3-3w6h") && r.includes("0.7.0")));
    assert.ok(!rows.some((r) => r.includes("GHSA-qppj-fm5r-hxr3")), "suppressed findings leave the table");
    assert.match(md, /<details><summary>Details<\/summary>/);
  });

  it("stays under GitHub's comment limit with many findings", () => {
    const many: ScanResult = structuredClone(result);
    const open = many.findings.filter((f) => !f.suppressed);
    many.findings = Array.from({ length: 40 }, () => structuredClone(open)).flat();
    const md = renderScan(many, "markdown", { color: false });
    assert.ok(md.length < 65_536, `${md.length} characters`);
    assert.match(md, /… and 530 more/);
    assert.match(md, /\| \*\*total\*\* \| \*\*680\*\* \|/);
  });

  it("neutralises HTML and pipes from records", () => {
    const md = renderScan(hostile(), "markdown", { color: false });
    assert.ok(!md.includes("<script>"));
    assert.ok(!md.includes("javascript:"));
  });
});

describe("html report", () => {
  it("is one self-contained file listing every finding, suppressed ones marked", () => {
    const html = render("html");
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    for (const f of result.findings) assert.ok(html.includes(`>${f.id}</a>`), f.id);
    assert.equal((html.match(/<li class="vuln suppressed"/g) ?? []).length, 1);
    assert.match(html, /<svg [^>]*aria-label="findings by severity"/);
    assert.match(html, /id="search"/);
    assert.ok(!/src="http/i.test(html), "no external scripts or images");
    assert.ok(!/<link[^>]+href="http/i.test(html), "no external stylesheets");
    assert.ok(!/@import|url\(/i.test(html), "no external CSS resources");
  });

  it("carries a strict Content Security Policy allowing only its own style and script, by hash", () => {
    const html = render("html");
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? "";
    assert.match(csp, /default-src 'none'/);
    const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? "";
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    assert.ok(csp.includes(`script-src ${hash(script)}`), "the script's hash");
    assert.ok(csp.includes(`style-src ${hash(style)}`), "the style's hash");
    assert.ok(!csp.includes("unsafe"), csp);
  });

  it("shows the scan's date, targets and per-ecosystem coverage when the result has them", () => {
    const copy: ScanResult = structuredClone(result);
    copy.scannedAt = "2026-12-01T10:00:00.000Z";
    copy.targets = ["services/api"];
    copy.coverage = [
      { ecosystem: "Go", packages: 2, records: 4291, newestModified: "2026-08-01T00:00:00Z" },
      { ecosystem: "npm", packages: 3, records: 0 },
    ];
    const html = renderScan(copy, "html", { color: false });
    assert.match(html, /<time datetime="2026-12-01T10:00:00.000Z">2026-12-01 10:00 UTC<\/time>/);
    assert.match(html, /<code>services\/api<\/code>/);
    assert.match(
      html,
      /<strong>Go<\/strong>: 2 packages checked against 4,291 advisory records; newest record modified <time[^>]*>2026-08-01<\/time> \(122 days before the scan\)/,
    );
    assert.match(
      html,
      /<li class="unchecked"><strong>npm<\/strong>: 3 packages <strong>not checked<\/strong>/,
    );
    assert.match(html, /<p class="alert">Not checked: npm \(3 packages\)/);
    assert.ok(!render("html").includes("not checked"), "no claim without coverage data");
  });

  it("gives every non-zero severity count a visible bar, however many findings the others have", () => {
    // The real findings repeated: 1 high against 1,600 unknown.
    const many: ScanResult = structuredClone(result);
    const unknown = many.findings.filter((f) => f.severity.rating === "unknown" && !f.suppressed);
    const high = many.findings.filter((f) => f.severity.rating === "high");
    many.findings = [...high, ...Array.from({ length: 100 }, () => structuredClone(unknown)).flat()];
    const html = renderScan(many, "html", { color: false });
    const width = (r: string) =>
      Number(new RegExp(`<rect class="bar-${r}"[^>]* width="(\\d+)"`).exec(html)?.[1]);
    assert.equal(high.length, 1);
    assert.ok(width("high") >= 4, `high bar ${width("high")} px`);
    assert.equal(width("unknown"), 240);
    assert.equal(width("critical"), 0);
  });

  it("escapes record text: a <script> in a summary stays text, javascript: links are dropped", () => {
    const html = renderScan(hostile(), "html", { color: false });
    assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert.equal((html.match(/<script>/g) ?? []).length, 1, "only the report's own script");
    assert.ok(!html.includes("javascript:alert"));
    assert.ok(!/src="http/i.test(html));
    assert.ok(html.includes('href="https://example.com/a?b=%3Cc%3E"'));
  });
});

describe("table report", () => {
  it("lists unsuppressed findings with a summary line, colour only when asked", () => {
    const plain = render("table");
    assert.match(plain, /^SEVERITY\s+ID\s+PACKAGE/);
    assert.match(plain, /high\s+GHSA-vvpx-j8f3-3w6h\s+golang\.org\/x\/net\s+0\.5\.6\s+0\.7\.0/);
    assert.ok(!plain.includes("GHSA-qppj-fm5r-hxr3 "), "suppressed finding not listed");
    assert.match(
      plain,
      /17 vulnerabilities \(critical 0, high 1, medium 0, low 0, unknown 16\), 1 suppressed in 2 packages/,
    );
    assert.match(plain, /golang\.org\/x\/net@0\.5\.6: upgrade golang\.org\/x\/net to 0\.56\.0/);
    assert.ok(!plain.includes("\u001b["));
    assert.ok(renderScan(result, "table", { color: true }).includes("\u001b[31m"));
  });
});

describe("transitive findings", () => {
  it("table, markdown and html show the dependency paths and the direct dependency to move", () => {
    const copy: ScanResult = structuredClone(result);
    const via = "pkg:golang/example.com/app@1.0.0";
    for (const f of copy.findings) f.paths = [[via, f.package.purl]];
    for (const r of copy.remediation) {
      r.direct = false;
      r.via = [via];
      r.advice = `upgrade example.com/app so that it resolves ${r.package.name} >= ${r.fixVersion}`;
    }
    const table = renderScan(copy, "table", { color: false });
    assert.match(table, /Dependency paths\n {2}example\.com\/app@1\.0\.0 > golang\.org\/x\/net@0\.5\.6/);
    assert.match(table, /upgrade example\.com\/app so that it resolves golang\.org\/x\/net >= 0\.56\.0/);
    assert.match(
      renderScan(copy, "markdown", { color: false }),
      /- path: example\.com\/app@1\.0\.0 &gt; golang\.org\/x\/net@0\.5\.6/,
    );
    assert.match(
      renderScan(copy, "html", { color: false }),
      /<li>example\.com\/app@1\.0\.0 &gt; golang\.org\/x\/net@0\.5\.6<\/li>/,
    );
    const sarif = JSON.parse(renderScan(copy, "sarif", { color: false }));
    assert.match(
      sarif.runs[0].results[0].message.text,
      /Introduced through: example\.com\/app@1\.0\.0 > golang\.org\/x\/net@0\.5\.6\./,
    );
  });
});

describe("renderer registry", () => {
  it("maps every documented format to a renderer and refuses others", () => {
    assert.deepEqual(Object.keys(scanRenderers).sort(), [
      "cyclonedx",
      "html",
      "json",
      "markdown",
      "sarif",
      "spdx",
      "table",
    ]);
    assert.throws(() => render("ids"), /no scan renderer/);
  });
});

describe("cyclonedx and spdx", () => {
  it("CycloneDX 1.6 with vulnerabilities: valid against the official schema, every finding, suppression as analysis", () => {
    const doc = JSON.parse(render("cyclonedx"));
    assert.equal(schemaErrors(cycloneDxValidator("1.6"), doc), "");
    assert.equal(doc.vulnerabilities.length, result.findings.length);
    const refs = new Set(doc.components.map((c: { "bom-ref": string }) => c["bom-ref"]));
    for (const v of doc.vulnerabilities) for (const a of v.affects) assert.ok(refs.has(a.ref), a.ref);
    const suppressed = doc.vulnerabilities.find((v: { id: string }) => v.id === "GHSA-qppj-fm5r-hxr3");
    assert.deepEqual(suppressed.analysis, {
      state: "not_affected",
      justification: "code_not_present",
      detail: "vex: not_affected: component_not_present (vex.json)",
    });
    // GHSA-qppj-fm5r-hxr3 is scored from its CVSS v4 vector; GHSA-vvpx-j8f3-3w6h only has GitHub's own "HIGH".
    const rating = (id: string) => doc.vulnerabilities.find((v: { id: string }) => v.id === id).ratings[0];
    assert.deepEqual(rating("GHSA-qppj-fm5r-hxr3"), {
      severity: "medium",
      score: 6.9,
      vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N",
      method: "CVSSv4",
    });
    assert.deepEqual(rating("GHSA-vvpx-j8f3-3w6h"), { severity: "high", method: "other" });
  });

  it("SPDX 2.3: valid against the official schema, each finding an advisory reference on its package", () => {
    const doc = JSON.parse(render("spdx"));
    assert.equal(schemaErrors(spdxValidator(), doc), "");
    const advisories = doc.packages.flatMap((p: { externalRefs?: { referenceType: string }[] }) =>
      (p.externalRefs ?? []).filter((r) => r.referenceType === "advisory"),
    );
    assert.equal(advisories.length, result.findings.length);
  });
});

describe("escaping helpers", () => {
  it("escape HTML and keep only http(s) URLs", () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    assert.equal(safeUrl("javascript:alert(1)"), undefined);
    assert.equal(safeUrl("not a url"), undefined);
    assert.equal(safeUrl("https://osv.dev/GO-2023-1571"), "https://osv.dev/GO-2023-1571");
  });
});
