import assert from "node:assert/strict";
import { before, test } from "node:test";
import { corpusPath } from "../testing/corpus.js";
import { inventory, inventoryToJson } from "./index.js";
import { bulwarkInventoryExtractor } from "./json-reader.js";

// `bulwark inventory --format json` read back: the same packages, and the usual error shape when it is damaged.
let text: string;
let expected: Awaited<ReturnType<typeof inventory>>;
before(async () => {
  expected = await inventory([corpusPath("projects", "dependency-track-frontend")]);
  text = JSON.stringify(inventoryToJson(expected), null, 2);
});
const read = async (t: string) =>
  bulwarkInventoryExtractor.extract({
    path: "ci/app.inventory.json",
    text: t,
    readFile: async () => undefined,
  });

test("reads back every package with purl, direct flag, groups, locations, edges, hashes and licences", async () => {
  const { packages, errors } = await read(text);
  assert.deepEqual(errors, []);
  assert.equal(packages.length, expected.packages.length);
  const plain = (v: unknown) => JSON.parse(JSON.stringify(v)); // absent and undefined fields are the same here
  assert.deepEqual(plain(packages), plain(expected.packages));
});

test("a truncated document is reported without the path, with line and column", async () => {
  await assert.rejects(
    read(text.slice(0, Math.floor(text.length * 0.6))),
    (e: Error & { line?: number; column?: number }) => {
      assert.ok(!e.message.includes("app.inventory.json"), e.message);
      assert.match(e.message, /not valid JSON/);
      assert.equal(typeof e.line, "number");
      assert.equal(typeof e.column, "number");
      return true;
    },
  );
});

test("a package without a purl is an error naming its index; the others are read", async () => {
  const doc = JSON.parse(text);
  delete doc.packages[3].purl;
  const { packages, errors } = await read(JSON.stringify(doc));
  assert.equal(packages.length, expected.packages.length - 1);
  assert.deepEqual(errors, [
    { path: "ci/app.inventory.json", message: "packages[3] lacks ecosystem, name, version or purl; skipped" },
  ]);
  await assert.rejects(read('{"hello": 1}'), /not a Bulwark inventory/);
});
