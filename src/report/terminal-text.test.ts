import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { terminalText } from "./terminal-text.js";

describe("terminalText", () => {
  test("escape sequences, line breaks, C1 controls and bidi overrides are shown, not acted on", () => {
    assert.equal(
      terminalText("GO-1\u001b[2J\u001b]0;owned\u0007.json"),
      "GO-1\\x1b[2J\\x1b]0;owned\\x07.json",
    );
    assert.equal(terminalText("a\nb\rc\td"), "a\\nb\\rc\\td");
    assert.equal(terminalText("x\u009b31my\u007f"), "x\\x9b31my\\x7f");
    assert.equal(terminalText("file\u202egpj.exe"), "file\\u202egpj.exe");
    assert.equal(terminalText("line\u2028sep"), "line\\u2028sep");
  });
  test("printable text of any script is left as it is", () => {
    const text = "Déni de service — 拒绝服务 — отказ (pkg:pypi/django@1.11.29) ✓";
    assert.equal(terminalText(text), text);
  });
});
