import assert from "node:assert/strict";
import { test } from "node:test";
import { CSV_COLUMNS, csvCell, csvLine } from "./export.js";

test("CSV cells are quoted per RFC 4180", () => {
  assert.equal(csvCell("plain"), "plain");
  assert.equal(csvCell('say "hi", then'), '"say ""hi"", then"');
  assert.equal(csvCell("two\nlines"), '"two\nlines"');
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(7.5), "7.5");
  assert.equal(csvCell(-3), "-3", "numbers are numbers, not formulas");
  assert.equal(csvCell(true), "true");
  assert.equal(csvCell(["GHSA-1", "CVE-2"]), "GHSA-1 CVE-2");
});

test("text a spreadsheet would run as a formula is defused with an apostrophe", () => {
  assert.equal(csvCell('=HYPERLINK("http://evil")'), '"\'=HYPERLINK(""http://evil"")"');
  assert.equal(csvCell("+1"), "'+1");
  assert.equal(csvCell("-cmd"), "'-cmd");
  assert.equal(csvCell("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(csvCell("\tx"), "'\tx");
  assert.equal(csvCell("a=b"), "a=b");
});

test("a line ends with CRLF; the header names every column once", () => {
  assert.equal(csvLine(["a", 1, null]), "a,1,\r\n");
  assert.equal(new Set(CSV_COLUMNS).size, CSV_COLUMNS.length);
});
