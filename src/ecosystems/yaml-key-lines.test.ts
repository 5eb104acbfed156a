import assert from "node:assert/strict";
import { test } from "node:test";
import { sectionKeyLines } from "./yaml-key-lines.js";

test("sectionKeyLines: the two-space keys of one top-level section, unquoted, first occurrence winning", () => {
  const text = [
    "sdks:", // 1
    "  dart: '>=3.0.0'", // 2
    "packages:", // 3
    "  # a comment", // 4
    "  plain:", // 5
    "    dependency: transitive", // 6
    '  "double \\"q\\"":', // 7
    "  'it''s':\r", // 8
    "  /a@1.0.0: {}", // 9
    "---", // 10
    "packages:", // 11
    "  plain:", // 12
    "  second-doc:", // 13
  ].join("\n");
  assert.deepEqual(
    [...sectionKeyLines(text, "packages")],
    [
      ["plain", 5],
      ['double "q"', 7],
      ["it's", 8],
      ["/a@1.0.0", 9],
      ["second-doc", 13],
    ],
  );
  assert.deepEqual([...sectionKeyLines(text, "sdks")], [["dart", 2]]);
  assert.deepEqual([...sectionKeyLines(text, "absent")], []);
});
