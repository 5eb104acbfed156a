import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { hasCode } from "../model/errors.js";
import { corpusPath } from "../testing/corpus.js";
import { parseKevCatalogue } from "./kev.js";
import { KevCatalogueSchema } from "./kev-schema.js";

const FILE = corpusPath("kev", "known_exploited_vulnerabilities.json");
const text = readFileSync(FILE, "utf8");
const published = JSON.parse(
  readFileSync(corpusPath("kev", "known_exploited_vulnerabilities_schema.json"), "utf8"),
);

/** The catalogue's own schema, compiled with ajv as CISA publishes it. */
function publishedValidator() {
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats.default(ajv);
  return ajv.compile(published);
}

/** The error parseKevCatalogue throws for a text (fails the test when it parses). */
function errorOf(input: string): { message: string; code: string; details: Record<string, unknown> } {
  try {
    parseKevCatalogue(input, "kev.json");
  } catch (error) {
    assert.ok(hasCode(error, "PARSE_FAILED"), `a coded error: ${error}`);
    return error as never;
  }
  assert.fail("parsed");
}

/** The 1-based line of the n-th occurrence of `needle` in `haystack`. */
function lineOf(haystack: string, needle: string, nth = 1): number {
  let at = -1;
  for (let i = 0; i < nth; i++) at = haystack.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} is in the text`);
  return haystack.slice(0, at).split("\n").length;
}

describe("the KEV catalogue reader", () => {
  it("reads the real catalogue: version 2025.08.25, 1,404 entries, each with its CVE id and dates", () => {
    const kev = parseKevCatalogue(text, FILE);
    assert.equal(kev.catalogVersion, "2025.08.25");
    assert.equal(kev.dateReleased, "2025-08-25T17:04:19.9796Z");
    assert.equal(kev.entries.length, 1404);
    const git = kev.entries.find((e) => e.cveID === "CVE-2025-48384");
    assert.equal(git?.vendorProject, "Git");
    assert.equal(git?.dateAdded, "2025-08-25");
    assert.equal(git?.dueDate, "2025-09-15");
  });

  it("the transcribed schema names the published schema's fields, required list, patterns and formats", () => {
    const ours = JSON.parse(JSON.stringify(KevCatalogueSchema));
    assert.deepEqual([...ours.required].sort(), [...published.required].sort());
    const theirEntry = published.$defs.vulnerability;
    const ourEntry = ours.properties.vulnerabilities.items;
    assert.deepEqual([...ourEntry.required].sort(), [...theirEntry.required].sort());
    for (const [name, def] of Object.entries<Record<string, unknown>>(theirEntry.properties)) {
      const mine = ourEntry.properties[name];
      assert.ok(mine, `${name} is transcribed`);
      for (const key of ["type", "pattern", "format"])
        assert.deepEqual(mine[key], def[key], `${name}.${key}`);
      if (def.items) assert.deepEqual(mine.items.pattern, (def.items as { pattern: string }).pattern);
    }
    for (const [name, def] of Object.entries<Record<string, unknown>>(published.properties))
      for (const key of ["type", "format"])
        assert.deepEqual(ours.properties[name][key], def[key], `${name}.${key}`);
  });

  it("agrees with the published schema on the real catalogue and on damaged copies of it", () => {
    const validate = publishedValidator();
    const doc = JSON.parse(text);
    const mutations: [string, (d: typeof doc) => void][] = [
      ["as published", () => {}],
      ["dueDate not a date", (d) => (d.vulnerabilities[3].dueDate = "2025-13-45")],
      ["CVE id malformed", (d) => (d.vulnerabilities[9].cveID = "CVE-25-1")],
      ["vendorProject missing", (d) => delete d.vulnerabilities[0].vendorProject],
      ["CWE malformed", (d) => (d.vulnerabilities[5].cwes = ["CWE-xyz"])],
      ["count not an integer", (d) => (d.count = "1404")],
      ["dateReleased not a date-time", (d) => (d.dateReleased = "yesterday")],
      ["extra field (allowed by both)", (d) => (d.vulnerabilities[2].epss = 0.5)],
    ];
    for (const [what, mutate] of mutations) {
      const copy = structuredClone(doc);
      mutate(copy);
      let ours = true;
      try {
        parseKevCatalogue(JSON.stringify(copy), "copy.json");
      } catch {
        ours = false;
      }
      assert.equal(ours, validate(copy), `${what}: same verdict as the published schema`);
    }
  });

  it("names the line of a field that breaks the schema", () => {
    const damaged = text.replace('"dueDate": "2025-09-15"', '"dueDate": "2025-09-31"');
    assert.notEqual(damaged, text);
    const error = errorOf(damaged);
    const line = lineOf(damaged, '"dueDate": "2025-09-31"');
    assert.match(
      error.message,
      new RegExp(`^kev\\.json: line ${line}: vulnerabilities\\[0\\]\\.dueDate must be a date`),
    );
    assert.equal(error.details.line, line);
  });

  it("names the line and column of a JSON syntax error, and says when the file is cut off", () => {
    const cut = text.slice(0, Math.floor(text.length / 2));
    const error = errorOf(cut);
    assert.match(error.message, /not valid JSON at line \d+, column \d+/);
    assert.equal(error.details.line, cut.split("\n").length);
    assert.match(errorOf("").message, /the file is empty/);
  });

  it("refuses a catalogue whose count disagrees with its entries (an entry removed)", () => {
    const doc = JSON.parse(text);
    doc.vulnerabilities.splice(100, 1);
    assert.match(
      errorOf(JSON.stringify(doc, null, 2)).message,
      /says it holds 1404 vulnerabilities but lists 1403/,
    );
  });

  it("refuses a CVE listed twice, naming the second one's line", () => {
    const doc = JSON.parse(text);
    doc.vulnerabilities[1].cveID = doc.vulnerabilities[0].cveID;
    const pretty = JSON.stringify(doc, null, 2);
    const error = errorOf(pretty);
    assert.match(error.message, /CVE-2025-48384 is listed twice/);
    assert.equal(error.details.line, lineOf(pretty, '"cveID": "CVE-2025-48384"', 2));
  });

  it("refuses other JSON documents: an OSV record is not a catalogue", () => {
    const osv = readFileSync(corpusPath("osv", "go", "GO-2022-0535.json"), "utf8");
    assert.match(errorOf(osv).message, /"catalogVersion" is required/);
  });
});
