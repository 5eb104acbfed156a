import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ExtractError } from "./errors.js";
import { asRecord, lineAndColumn, lineAt, lineOf, parseJsonText, requireRecord } from "./parse-text.js";
import { parseTomlText } from "./parse-toml.js";
import { parseXmlText, xmlElements, xmlValue } from "./parse-xml.js";
import { parseYamlText } from "./parse-yaml.js";

/** Asserts an ExtractError whose message matches and whose line is `line`. */
const rejects = (run: () => unknown, message: RegExp, line?: number) =>
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof ExtractError, String(e));
    assert.match(e.message, message);
    assert.equal(e.line, line);
    return true;
  });

describe("parse-text: parser failures are ExtractErrors naming the file, the format and the line", () => {
  it("JSON", () => {
    assert.deepEqual(parseJsonText("a.json", '{"a": [1]}'), { a: [1] });
    rejects(() => parseJsonText("a.json", '{\n"a": 1,\n}'), /^a\.json: not valid JSON: /, 3);
    rejects(() => parseJsonText("a.json", " \n"), /^a\.json: empty file, expected JSON$/);
    rejects(() => parseJsonText("a.json", "[".repeat(200_000)), /^a\.json: not valid JSON/);
  });

  it("YAML keeps every scalar a string (1.10 is not 1.1)", () => {
    assert.deepEqual(parseYamlText("a.yaml", "v: 1.10\nn: 3\n"), { v: "1.10", n: "3" });
    rejects(() => parseYamlText("a.yaml", "a: 1\nb: [\n"), /^a\.yaml: not valid YAML: /, 3);
  });

  it("TOML", () => {
    assert.deepEqual({ ...parseTomlText("a.toml", 'a = "1"') }, { a: "1" });
    rejects(() => parseTomlText("a.toml", 'a = "1"\nb = \n'), /^a\.toml: not valid TOML: /, 2);
  });

  it("XML keeps values as text and attributes under '@'", () => {
    assert.deepEqual(parseXmlText("a.xml", '<r v="1.10"><x>1.10</x></r>'), {
      r: { "@v": "1.10", x: "1.10" },
    });
    rejects(() => parseXmlText("a.xml", "<r>\n<x>\n</r>"), /^a\.xml: not valid XML: /, 3);
    rejects(() => parseXmlText("a.xml", ""), /^a\.xml: empty file, expected XML$/);
  });

  it("requireRecord names what the top level is", () => {
    assert.deepEqual(requireRecord("a", { x: 1 }, "lockfile"), { x: 1 });
    rejects(() => requireRecord("a", [], "lockfile"), /^a: not a lockfile: the top level is a list/);
    rejects(() => requireRecord("a", null, "lockfile"), /the top level is empty/);
    rejects(() => requireRecord("a", "s", "lockfile"), /the top level is a string/);
  });
});

describe("parse-text: small readers", () => {
  it("lines and columns of offsets", () => {
    const text = "ab\ncd\n\nef";
    assert.deepEqual(lineAndColumn(text, 0), { line: 1, column: 1 });
    assert.deepEqual(lineAndColumn(text, 4), { line: 2, column: 2 });
    assert.deepEqual(lineAndColumn(text, 999), { line: 4, column: 3 });
    assert.equal(lineAt(text, 7), 4);
    assert.equal(lineOf(text, "cd"), 2);
    assert.equal(lineOf(text, "ab", 1), undefined);
  });

  it("asRecord gives plain objects only", () => {
    assert.deepEqual(asRecord({ a: 1 }), { a: 1 });
    for (const value of [null, undefined, [], "x", 1]) assert.equal(asRecord(value), undefined);
  });

  it("xmlElements finds elements case-insensitively in document order; xmlValue reads attribute or child", () => {
    const doc = parseXmlText(
      "p.csproj",
      '<Project><ItemGroup><PackageReference Include="A" Version="1"/>' +
        '<PackageReference Include="B"><Version> 2 </Version></PackageReference></ItemGroup>' +
        '<ItemGroup><packagereference Include="C"/></ItemGroup></Project>',
    );
    const refs = xmlElements(doc, "PackageReference");
    assert.deepEqual(
      refs.map((r) => [xmlValue(r, "include"), xmlValue(r, "VERSION")]),
      [
        ["A", "1"],
        ["B", "2"],
        ["C", undefined],
      ],
    );
  });
});

describe("parse-text: hostile XML", () => {
  it("an entity-expansion bomb (billion laughs) neither expands nor hangs", () => {
    const levels = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
    ).join("");
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${levels}]><lolz>&lol9;</lolz>`;
    const started = Date.now();
    let size = 0;
    try {
      size = JSON.stringify(parseXmlText("bomb.xml", bomb)).length;
    } catch (error) {
      assert.ok(error instanceof ExtractError, String(error));
    }
    assert.ok(size < 10_000, `expanded to ${size} characters`);
    assert.ok(Date.now() - started < 2_000);
  });
});
