import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../testing/corpus.js";
import { scanJsonKeyLines } from "./json-key-lines.js";

const text = readFileSync(corpusPath("projects", "dependency-track-frontend", "package-lock.json"), "utf8");

test("reports the container keys of a real lockfile with their lines, outermost first", () => {
  const seen: string[] = [];
  scanJsonKeyLines(text, (path, line) => {
    if (path.length <= 2) seen.push(`${path.join("/")}:${line}`);
  });
  // package-lock v2: the packages map, then the v1 tree of the same packages
  assert.deepEqual(seen, [
    "/packages:6",
    `/dependencies:${text.slice(0, text.indexOf('\n  "dependencies": {') + 1).split("\n").length}`,
  ]);
});

test("a callback returning false ends the scan there", () => {
  let all = 0;
  scanJsonKeyLines(text, () => {
    all++;
  });
  let beforeTree = 0;
  let stopped = false;
  scanJsonKeyLines(text, (path) => {
    assert.equal(stopped, false, `${path.join("/")} reported after the scan was ended`);
    if (path.length === 2 && path[1] === "dependencies") {
      stopped = true;
      return false;
    }
    beforeTree++;
  });
  assert.ok(stopped);
  assert.ok(beforeTree > 1000 && beforeTree < all / 1.5, `${beforeTree} of ${all} keys before the v1 tree`);
});
