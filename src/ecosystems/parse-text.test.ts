import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ExtractError } from "./errors.js";
import { parseJsonText } from "./json-text.js";
import { asRecord, lineAndColumn, lineAt, lineOf, requireRecord } from "./parse-text.js";
import { parseTomlText } from "./parse-toml.js";
import { parseXmlText, xmlElements, xmlValue } from "./parse-xml.js";
import { parseYamlDocuments, parseYamlText } from "./parse-yaml.js";

/** Asserts an ExtractError whose message matches and whose line and column are the given ones. */
const rejects = (run: () => unknown, message: RegExp, line?: number, column?: number) =>
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof ExtractError, String(e));
    assert.equal(e.code, "PARSE_FAILED");
    assert.match(e.message, message);
    assert.equal(e.line, line, "line");
    assert.equal(e.column, column, "column");
    assert.ok(e.hint, "a hint");
    return true;
  });

describe("parser failures: one shape for every format, no path, line and column where the parser knows them", () => {
  it("JSON", () => {
    assert.deepEqual(parseJsonText('{"a": [1]}', "lockfile"), { a: [1] });
    assert.deepEqual(parseJsonText('\ufeff{"a": 1}', "lockfile"), { a: 1 }, "a byte-order mark is skipped");
    rejects(
      () => parseJsonText('{\n"a": 1,\n}', "lockfile"),
      /^could not extract: not valid JSON at line 3, column 1: /,
      3,
      1,
    );
    rejects(() => parseJsonText('{\n"a": [1,', "lockfile"), /at line 2, column 9: .*truncated\?/, 2, 9);
    rejects(
      () => parseJsonText(" \n", "lockfile"),
      /^could not extract: the file is empty, expected a lockfile$/,
    );
    rejects(
      () => parseJsonText("[".repeat(200_000), "lockfile"),
      /^could not extract: not valid JSON/,
      1,
      200_001,
    );
  });

  it("YAML keeps every scalar a string (1.10 is not 1.1)", () => {
    assert.deepEqual(parseYamlText("v: 1.10\nn: 3\n", "lockfile"), { v: "1.10", n: "3" });
    rejects(
      () => parseYamlText("a: 1\nb: [\n", "lockfile"),
      /^could not extract: not valid YAML at line 3, column 1: unexpected end of the stream/,
      3,
      1,
    );
    assert.deepEqual(parseYamlDocuments("a: 1\n---\nb: 2\n", "lockfile"), [{ a: 1 }, { b: 2 }]);
    rejects(() => parseYamlDocuments("a: 1\n---\nb: [\n", "lockfile"), /not valid YAML at line 4/, 4, 1);
  });

  it("TOML", () => {
    assert.deepEqual({ ...parseTomlText('a = "1"', "lockfile") }, { a: "1" });
    rejects(
      () => parseTomlText('a = "1"\nb = \n', "lockfile"),
      /^could not extract: not valid TOML at line 2, column 5: /,
      2,
      5,
    );
  });

  it("XML keeps values as text and attributes under '@'", () => {
    assert.deepEqual(parseXmlText('<r v="1.10"><x>1.10</x></r>', "lockfile"), {
      r: { "@v": "1.10", x: "1.10" },
    });
    rejects(
      () => parseXmlText("<r>\n<x>\n</r>", "lockfile"),
      /^could not extract: not valid XML at line 3, column 1: /,
      3,
      1,
    );
    rejects(
      () => parseXmlText("", "lockfile"),
      /^could not extract: the file is empty, expected a lockfile$/,
    );
  });

  it("XML that fast-xml-parser's validator lets through but is not one well-formed document", () => {
    rejects(
      () => parseXmlText('<packages>\n</packages>\n<package id="b"/>', "lockfile"),
      /at line 3, column 1: a second root element/,
      3,
      1,
    );
    rejects(
      () => parseXmlText("<project>\n  <!- broken -->\n</project>", "lockfile"),
      /"<!" starts neither a comment/,
      2,
      3,
    );
    rejects(
      () => parseXmlText("<a>&lol9;</a>", "lockfile"),
      /entity reference &lol9; is not one of XML's predefined/,
      1,
      4,
    );
    rejects(() => parseXmlText("<a>x & y</a>", "lockfile"), /&/, 1, 6);
    rejects(() => parseXmlText("<a><!-- never closed </a>", "lockfile"), /Unclosed tag/, 1, 1);
    assert.deepEqual(
      parseXmlText(
        '<?xml version="1.0"?>\n<!DOCTYPE a>\n<!-- c -->\n<a t="&amp;">&lt;<![CDATA[&x]]></a>\n<!-- end -->\n',
        "lockfile",
      ),
      { "?xml": { "@version": "1.0" }, a: { "@t": "&", "#text": "<&x" } },
    );
  });

  it("requireRecord names what the top level is", () => {
    assert.deepEqual(requireRecord({ x: 1 }, "lockfile"), { x: 1 });
    rejects(() => requireRecord([], "lockfile"), /^not a lockfile: the top level is a list/);
    rejects(() => requireRecord(null, "lockfile"), /the top level is empty/);
    rejects(() => requireRecord("s", "lockfile"), /the top level is a string/);
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
      '<Project><ItemGroup><PackageReference Include="A" Version="1"/>' +
        '<PackageReference Include="B"><Version> 2 </Version></PackageReference></ItemGroup>' +
        '<ItemGroup><packagereference Include="C"/></ItemGroup></Project>',
      "MSBuild project file",
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
      size = JSON.stringify(parseXmlText(bomb, "document")).length;
    } catch (error) {
      assert.ok(error instanceof ExtractError, String(error));
    }
    assert.ok(size < 10_000, `expanded to ${size} characters`);
    assert.ok(Date.now() - started < 2_000);
  });
});
