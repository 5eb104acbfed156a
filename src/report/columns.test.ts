import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { columnWidths, cutToWidth, displayWidth, layoutTable, tableCell } from "./columns.js";

// Rows shaped like the scan table's (severity, id, package, version, fixed in, location, summary), with
// values from the corpus scans of dependency-track-frontend and guac.
const rows = [
  ["SEVERITY", "ID", "PACKAGE", "VERSION", "FIXED IN", "LOCATION", "SUMMARY"],
  [
    "critical 9.8",
    "GHSA-phwq-j96m-2c2q",
    "ejs",
    "2.7.4",
    "3.1.7",
    "dependency-track-frontend/package-lock.json:8610",
    "Template injection in ejs",
  ],
  [
    "unknown",
    "GO-2026-5617",
    "github.com/docker/docker",
    "28.5.2+incompatible",
    "-",
    "guac/go.mod:393",
    "Race condition in 'docker cp' allows writing outside the container's root filesystem",
  ],
];
const layout = { shrinkable: [2, 4, 5, 6], keepEnd: [5] };
const natural = (column: number) => Math.max(...rows.map((r) => displayWidth(r[column]!)));

describe("terminal table layout", () => {
  test("without a width, or when the rows fit, every cell is whole and columns are aligned", () => {
    const lines = layoutTable(rows, { ...layout, width: undefined });
    assert.ok(lines[2]!.endsWith("allows writing outside the container's root filesystem"));
    assert.equal(lines[1]!.indexOf("GHSA-phwq"), lines[0]!.indexOf("ID"));
    assert.deepEqual(layoutTable(rows, { ...layout, width: 500 }), lines);
  });

  for (const width of [100, 120, 160]) {
    test(`${width} columns: every line fits, ids and versions stay whole, cut cells end with an ellipsis`, () => {
      const lines = layoutTable(rows, { ...layout, width });
      for (const line of lines) assert.ok(displayWidth(line) <= width, `${displayWidth(line)}: ${line}`);
      assert.ok(lines[1]!.includes("GHSA-phwq-j96m-2c2q") && lines[2]!.includes("GO-2026-5617"));
      assert.ok(lines[2]!.includes("28.5.2+incompatible"));
      assert.match(lines[2]!, /…\s*$|…/);
    });
  }

  test("the location is cut at its start, keeping file and line", () => {
    const lines = layoutTable(rows, { ...layout, width: 110 });
    assert.match(lines[1]!, / {2}…\S*json:8610 {2}/);
  });

  test("an outlier does not claim the room: a column most of whose cells are short stays narrow", () => {
    const summary = "Prototype pollution in webpack loader-utils via parseQuery (x)";
    const many = [
      rows[0]!,
      ...Array.from({ length: 9 }, (_, i) => ["low", `GHSA-${i}`, "ejs", "2.7.4", "3.1.7", "a:1", summary]),
      ["low", "GHSA-x", "ejs", "2.7.4", "1.4.1, 2.0.3, 3.0.0, 4.0.0, 5.0.0, 6.0.0", "a:1", summary],
    ];
    const widths = columnWidths(many, { ...layout, width: 90 });
    assert.equal(widths[4], "FIXED IN".length, `fixed-in kept to what 9 in 10 cells need: ${widths}`);
    assert.equal(widths.reduce((a, b) => a + b, 0) + 2 * 6, 90, "the summary takes the rest");
  });

  test("a very narrow terminal: fixed columns stay whole, cut columns keep a few cells", () => {
    const widths = columnWidths(rows, { ...layout, width: 40 });
    for (const fixed of [0, 1, 3]) assert.equal(widths[fixed], natural(fixed));
    for (const cut of [2, 5, 6]) assert.equal(widths[cut], 6);
  });

  test("cutting counts terminal cells: wide (CJK) characters take two, combining marks none", () => {
    assert.equal(displayWidth("拒绝服务"), 8);
    assert.equal(displayWidth("e\u0301te\u0301"), 3);
    assert.equal(cutToWidth("拒绝服务攻击", 7), "拒绝服…");
    assert.equal(cutToWidth("dependency-track-frontend/package-lock.json:8610", 12, true), "…k.json:8610");
    assert.equal(cutToWidth("short", 5), "short");
  });

  test("cells are one terminal-safe line: whitespace runs joined, control characters shown", () => {
    assert.equal(tableCell("  Template\n injection\tin ejs "), "Template injection in ejs");
    assert.equal(tableCell("ejs\u001b[2J\u202e"), "ejs\\x1b[2J\\u202e");
  });
});
