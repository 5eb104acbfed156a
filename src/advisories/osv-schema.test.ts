import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, test } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import yaml from "js-yaml";
import { corpusPath } from "../testing/corpus.js";
import { copy, corpusFiles, corpusRecord } from "./corpus-fixtures.test.js";
import { parseOsvDocument } from "./osv-reader.js";
import { validateOsvRecord } from "./osv-schema.js";

// The official OSV schema, loaded from the corpus (the product never reads the corpus).
const ajv = new Ajv2020.default({ strict: false, allErrors: false });
addFormats.default(ajv);
const official = ajv.compile(JSON.parse(readFileSync(corpusPath("schemas", "osv", "schema.json"), "utf8")));
const ours = (value: unknown) => validateOsvRecord(value).ok;
// biome-ignore lint/suspicious/noExplicitAny: the cases below reach into records to break them
type Json = any;

/**
 * Corpus records the official schema rejects and Bulwark's compact schema deliberately accepts, because the
 * violation does not affect matching and rejecting the record would hide a real advisory.
 */
const OFFICIAL_ONLY_REJECTS: Record<string, string> = {
  "CVE-2012-2812.json": '"versions": null, as osv.dev itself emits it (read as absent)',
  "CVE-5.json":
    "ecosystems the official list does not (yet) name: SUSE Linux Enterprise Server, Oracle Linux, Amazon Linux",
  "GHSA-6fxm-66hq-fc96.json":
    "a reference URL that is not a valid URI (references are not used for matching)",
  "GHSA-9w38-p64v-xpmv.json": "a reference URL that is not a valid URI",
  "PYSEC-2021-371.yaml":
    "a GIT event with an abbreviated or malformed commit hash (the ECOSYSTEM range is valid)",
  "PYSEC-2021-424.yaml": "a GIT event with an abbreviated or malformed commit hash",
  "PYSEC-2021-425.yaml": "a GIT event with an abbreviated or malformed commit hash",
  "PYSEC-2021-436.yaml": "a GIT event with an abbreviated or malformed commit hash",
  "PYSEC-2019-155.yaml": "a GIT event with an abbreviated or malformed commit hash",
  "PYSEC-2017-27.yaml": "a GIT event with an abbreviated or malformed commit hash",
  "PYSEC-2023-80.yaml": "a GIT fixed commit with a trailing '.' (02339dfda…520.)",
  "GHSA-pc5p-h8pf-mvwp.json":
    'a CVSS vector with a trailing "/" (CVSS:3.1/AV:A/…/A:N/); severity is not used for matching',
  "GHSA-q8pj-2vqx-8ggc.json": 'a reference URL with a trailing space ("https://github.com/fb55/css-what ")',
};

function rawDocument(file: string): unknown {
  const text = readFileSync(file, "utf8");
  return file.endsWith(".json") ? JSON.parse(text) : yaml.load(text, { schema: yaml.CORE_SCHEMA });
}

describe("compact schema vs the official OSV schema", () => {
  test("on every corpus record: both accept, except the documented official-only rejections", () => {
    const files = corpusFiles("osv").filter((f) => /\.(json|ya?ml)$/.test(f));
    // go, pypi, ghsa-and-others, npm-ghsa (npm-ghsa/SOURCES.tsv is not a record)
    assert.equal(files.length, 4291 + 2661 + 422 + 264);
    const disagreements: string[] = [];
    for (const file of files) {
      const doc = rawDocument(file);
      assert.equal(ours(doc), true, `${file}: ${JSON.stringify(validateOsvRecord(doc))}`);
      if (!official(doc)) disagreements.push(basename(file));
    }
    assert.deepEqual(disagreements.sort(), Object.keys(OFFICIAL_ONLY_REJECTS).sort());
  });

  // GO-2020-0001 (github.com/gin-gonic/gin, SEMVER introduced 0 / fixed 1.6.0), modified as each case says
  const base = corpusRecord("go/GO-2020-0001.json");
  const structural: [string, (r: Json) => void][] = [
    ["id removed", (r) => delete r.id],
    ["modified removed", (r) => delete r.modified],
    ["modified not a timestamp", (r) => (r.modified = "yesterday")],
    ["id not a string", (r) => (r.id = 42)],
    ["affected not an array", (r) => (r.affected = "gin")],
    ["package without name", (r) => delete r.affected[0].package.name],
    ["package without ecosystem", (r) => delete r.affected[0].package.ecosystem],
    ["range type unknown", (r) => (r.affected[0].ranges[0].type = "SEMVER2")],
    ["range without events", (r) => delete r.affected[0].ranges[0].events],
    ["events empty", (r) => (r.affected[0].ranges[0].events = [])],
    ["events not an array", (r) => (r.affected[0].ranges[0].events = { introduced: "0" })],
    [
      "event with two keys",
      (r) => (r.affected[0].ranges[0].events[1] = { introduced: "1.0.0", fixed: "1.6.0" }),
    ],
    ["event with no known key", (r) => (r.affected[0].ranges[0].events[1] = { fixd: "1.6.0" })],
    ["event value a number", (r) => (r.affected[0].ranges[0].events[1] = { fixed: 1.6 })],
    ["no introduced event", (r) => (r.affected[0].ranges[0].events = [{ fixed: "1.6.0" }])],
    ["fixed and last_affected mixed", (r) => r.affected[0].ranges[0].events.push({ last_affected: "1.7.0" })],
    [
      "GIT range without repo",
      (r) => (r.affected[0].ranges[0] = { type: "GIT", events: [{ introduced: "0" }] }),
    ],
    ["versions with a number", (r) => (r.affected[0].versions = [1])],
    ["aliases not an array", (r) => (r.aliases = "CVE-2020-28483")],
    ["not an object", (r) => Object.setPrototypeOf(r, Array.prototype)],
  ];
  for (const [name, modify] of structural) {
    test(`both reject: ${name}`, () => {
      const r: Json = copy(base);
      modify(r);
      const value = name === "not an object" ? [r] : r;
      assert.equal(official(value), false, "official");
      assert.equal(ours(value), false, "compact");
    });
  }

  const lenient: [string, (r: Json) => void][] = [
    ["an ecosystem the official list lacks", (r) => (r.affected[0].package.ecosystem = "Oracle Linux:8")],
    ["an id prefix the official list lacks", (r) => (r.id = "NEWDB-2024-1")],
    ["versions: null", (r) => (r.affected[0].versions = null)],
  ];
  for (const [name, modify] of lenient) {
    test(`deliberate difference, only the official schema rejects: ${name}`, () => {
      const r: Json = copy(base);
      modify(r);
      assert.equal(official(r), false);
      assert.equal(ours(r), true);
    });
  }

  test("the unmodified base record passes both", () => {
    assert.equal(official(copy(base)), true);
    assert.equal(ours(copy(base)), true);
  });
});

describe("parseOsvDocument", () => {
  test("reports unreadable and invalid documents with file and reason", () => {
    assert.deepEqual(parseOsvDocument("{", "a.json").invalid[0]!.file, "a.json");
    assert.match(parseOsvDocument("{", "a.json").invalid[0]!.reason, /unreadable/);
    assert.match(parseOsvDocument("id: [", "a.yaml").invalid[0]!.reason, /unreadable/);
    assert.match(
      parseOsvDocument(new Uint8Array([0xff, 0xfe, 0x00]), "bin.json").invalid[0]!.reason,
      /unreadable/,
    );
    const bad = parseOsvDocument(
      '{"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"PyPI","name":"a"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0","fixed":"1"}]}]}]}',
      "x.json",
    );
    assert.deepEqual(bad.records, []);
    assert.equal(bad.invalid[0]!.id, "X-1");
    assert.match(
      bad.invalid[0]!.reason,
      /affected\.0\.ranges\.0\.events\.0: an event must have exactly one of/,
    );
  });
  test("keeps YAML timestamps as strings and drops null lists", () => {
    const doc = parseOsvDocument(
      readFileSync(corpusPath("osv", "pypi", "vyper", "PYSEC-2023-80.yaml"), "utf8"),
      "v.yaml",
    );
    assert.equal(typeof doc.records[0]!.modified, "string");
    const nulls = corpusRecord("ghsa-and-others/CVE-2012-2812.json");
    assert.equal("versions" in nulls.affected![0]!, false);
  });
  test("reads arrays of records, reporting each bad element by index", () => {
    const good = readFileSync(corpusPath("osv", "go", "GO-2020-0001.json"), "utf8");
    const doc = parseOsvDocument(`[${good}, {"id": "X"}]`, "list.json");
    assert.equal(doc.records.length, 1);
    assert.equal(doc.invalid[0]!.file, "list.json[1]");
  });
  test("a YAML alias bomb is reported, not expanded", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    const text = `id: X-1\nmodified: "2024-01-01T00:00:00Z"\ndatabase_specific:\n${levels.map((l) => `  ${l}`).join("\n")}\n`;
    const start = performance.now();
    const doc = parseOsvDocument(text, "bomb.yaml");
    assert.ok(performance.now() - start < 5000);
    assert.equal(doc.records.length, 0);
    assert.match(doc.invalid[0]!.reason, /alias bomb/);
  });
  test("deeply nested and huge inputs are reported, not thrown", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    assert.equal(parseOsvDocument(deep, "deep.json").records.length, 0);
    const deepYaml = `${"- ".repeat(5_000)}x`;
    assert.equal(parseOsvDocument(deepYaml, "deep.yaml").records.length, 0);
    const huge = JSON.stringify({
      id: "X-1",
      modified: "2024-01-01T00:00:00Z",
      details: "x".repeat(20_000_000),
    });
    assert.equal(parseOsvDocument(huge, "huge.json").records.length, 1);
  });
});
