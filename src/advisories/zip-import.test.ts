import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { zipSync } from "fflate";
import { corpusPath } from "../testing/corpus.js";
import { corpusFiles } from "./corpus-fixtures.test.js";
import { openAdvisoryDatabase } from "./database.js";
import { ImportSourceError } from "./errors.js";
import { importAdvisories } from "./import.js";
import { isUnsafeEntryName, readZipEntries } from "./zip-reader.js";

const dir = mkdtempSync(join(tmpdir(), "bulwark-zip-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const goRecord = readFileSync(corpusPath("osv", "go", "GO-2020-0001.json"));

function importZip(name: string, zip: Uint8Array, limits = {}) {
  const file = join(dir, name);
  writeFileSync(file, zip);
  const db = openAdvisoryDatabase({ db: join(dir, `${name}.db`), create: true });
  return importAdvisories(db, [file], { zipLimits: limits }).finally(() => db.close());
}

describe("zip imports", () => {
  test("an osv.dev-style all.zip of real records imports every record", async () => {
    const files = corpusFiles("osv", "go").slice(0, 300);
    const zip = zipSync(Object.fromEntries(files.map((f) => [f.split("/").pop()!, readFileSync(f)])));
    const report = await importZip("all.zip", zip);
    assert.equal(report.imported, 300);
    assert.deepEqual(report.invalid, []);
  });

  test("a path traversal entry name is refused and nothing is imported", async () => {
    const zip = zipSync({ "GO-2020-0001.json": goRecord, "../../etc/evil.json": goRecord });
    await assert.rejects(importZip("traversal.zip", zip), (e: unknown) => {
      assert.ok(e instanceof ImportSourceError);
      assert.match(e.message, /traversal\.zip.*"\.\.\/\.\.\/etc\/evil\.json".*path traversal/);
      return true;
    });
    for (const name of ["/abs.json", "C:/x.json", "a/../../b.json", "a\\..\\b.json"])
      assert.ok(isUnsafeEntryName(name), name);
    assert.equal(isUnsafeEntryName("GO/GO-2020-0001.json"), false);
  });

  test("a decompression bomb by ratio is refused before decompressing", async () => {
    const zip = zipSync({ "bomb.json": new Uint8Array(16 * 1024 * 1024) }, { level: 9 });
    assert.ok(zip.length < 100_000);
    await assert.rejects(importZip("ratio.zip", zip), /compression ratio of \d+:1, over the 200:1 limit/);
  });

  test("a decompression bomb by size (one entry over the entry limit) is refused", async () => {
    const zip = zipSync({ "huge.json": new Uint8Array(65 * 1024 * 1024) }, { level: 1 });
    await assert.rejects(
      importZip("size.zip", zip),
      /would decompress to 68157440 bytes, over the 67108864-byte limit/,
    );
  });

  test("a decompression bomb by total size is refused", async () => {
    const entries = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`GO-${i}.json`, goRecord]));
    await assert.rejects(
      importZip("total.zip", zipSync(entries), { maxTotalBytes: 5 * goRecord.length }),
      /would decompress to more than \d+ bytes/,
    );
  });

  test("a header that under-declares the size cannot inflate past it: the entry is cut and reported", async () => {
    const zip = zipSync({ "liar.json": new Uint8Array(16 * 1024 * 1024).fill(32) }, { level: 9 });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let i = 0; i + 4 <= zip.length; i++) {
      const signature = view.getUint32(i, true);
      if (signature === 0x02014b50) view.setUint32(i + 24, 100, true); // central directory: uncompressed size
      if (signature === 0x04034b50) view.setUint32(i + 22, 100, true); // local header: uncompressed size
    }
    const report = await importZip("liar.zip", zip);
    assert.equal(report.imported, 0);
    assert.match(report.invalid[0]!.file, /liar\.zip!liar\.json$/);
    assert.match(report.invalid[0]!.reason, /unreadable/);
  });

  test("a corrupt zip is a clear error naming it", async () => {
    const zip = zipSync({ "GO-2020-0001.json": goRecord });
    await assert.rejects(
      importZip("corrupt.zip", zip.slice(0, zip.length - 30)),
      /corrupt\.zip: not a readable zip archive/,
    );
  });

  test("entries are read in bounded batches and non-OSV entries are counted, not parsed", async () => {
    const zip = zipSync({
      "a/GO-2020-0001.json": goRecord,
      "README.md": new TextEncoder().encode("hi"),
      "dir/": new Uint8Array(),
    });
    const seen: string[] = [];
    readZipEntries(zip, "x.zip", (name) => seen.push(name), { batchBytes: 1 });
    assert.deepEqual(seen.sort(), ["README.md", "a/GO-2020-0001.json"]);
    const report = await importZip("mixed.zip", zip);
    assert.equal(report.imported, 1);
    assert.equal(report.ignoredFiles, 1);
  });
});

describe("URL imports", () => {
  test("schemes other than http and https are refused before anything is read", async () => {
    const db = openAdvisoryDatabase({ db: join(dir, "urls.db"), create: true });
    for (const url of ["file:///etc/passwd", "ftp://example.org/all.zip", "gopher://x/1"])
      await assert.rejects(importAdvisories(db, [url]), /is not allowed/);
    db.close();
  });
});
