import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "smol-toml";
import { arrayTableKeyLines, tableKeyLine } from "./toml-document.js";

describe("TOML line finders", () => {
  it("arrayTableKeyLines: one entry per [[table]] block, aligned with the parsed array", () => {
    const text = [
      "[[package]]", // 1
      'name = "a"', // 2
      "", // 3
      "[package.dependencies]", // 4
      'name = "not-a-package"', // 5
      "", // 6
      "[[package]]  # spaced, with a comment", // 7
      'description = """', // 8
      'name = "inside a string"', // 9
      '"""', // 10
      "'name' = \"b\"", // 11
      "", // 12
      "[[package]]", // 13
      'version = "1"', // 14
      "[[package.extra]]", // 15
      'name = "x"', // 16
    ].join("\n");
    const parsed = parse(text) as { package: unknown[] };
    const lines = arrayTableKeyLines(text, "package", "name");
    assert.equal(lines.length, parsed.package.length);
    assert.deepEqual(lines, [2, 11, undefined]);
  });

  it("arrayTableKeyLines takes the key asked for, quoted or not, and escapes it", () => {
    const text = '[[a.b]]\n"version" = "1"\nname = "n"\n[[a.b]]\nversion="2"\n';
    assert.deepEqual(arrayTableKeyLines(text, "a.b", "version"), [2, 5]);
    assert.deepEqual(arrayTableKeyLines(text, "axb", "version"), []);
  });

  it("tableKeyLine finds a key under its section or as a [section.key] header", () => {
    const lines = ["[dependencies]", 'serde = "1"', "[target.x.dependencies.tokio]", 'version = "1"'];
    assert.equal(tableKeyLine(lines, "dependencies", "serde"), 2);
    assert.equal(tableKeyLine(lines, "dependencies", "tokio"), 3);
    assert.equal(tableKeyLine(lines, "dependencies", "absent"), undefined);
  });
});
