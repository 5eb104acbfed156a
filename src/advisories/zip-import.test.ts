import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { strToU8, Zip, ZipDeflate, zipSync } from "fflate";
import { hasCode } from "../model/errors.js";
import { corpusPath } from "../testing/corpus.js";
import { corpusFiles } from "./corpus-fixtures.test.js";
import { openAdvisoryDatabase } from "./database.js";
import { ImportSourceError } from "./errors.js";
import { importAdvisories } from "./import.js";
import { isUnsafeEntryName, readZipFile } from "./zip-reader.js";

const dir = mkdtempSync(join(tmpdir(), "bulwark-zip-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const goRecord = readFileSync(corpusPath("osv", "go", "GO-2020-0001.json"));

async function importZip(name: string, zip: Uint8Array, limits = {}) {
  const file = join(dir, name);
  writeFileSync(file, zip);
  const db = await openAdvisoryDatabase({ path: join(dir, `${name}.db`), mode: "write" });
  try {
    return await importAdvisories(db.writer!, [file], { zipLimits: limits });
  } finally {
    await db.close();
  }
}

/** A zip written the way streaming writers do: no sizes in the local headers, data descriptors after the data. */
function streamedZip(entries: [string, Uint8Array][]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    chunks.push(data);
  });
  for (const [name, content] of entries) {
    const file = new ZipDeflate(name, { level: 6 });
    zip.add(file);
    file.push(content, true);
  }
  zip.end();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe("zip imports", () => {
  test("an osv.dev-style all.zip of real records imports every record", async () => {
    const files = corpusFiles("osv", "go").slice(0, 300);
    const zip = zipSync(Object.fromEntries(files.map((f) => [f.split("/").pop()!, readFileSync(f)])));
    const report = await importZip("all.zip", zip);
    assert.equal(report.imported, 300);
    assert.deepEqual(report.invalid, []);
  });

  test("a zip written with data descriptors (no sizes in local headers) is read too", async () => {
    const files = corpusFiles("osv", "go").slice(0, 20);
    const zip = streamedZip(files.map((f) => [f.split("/").pop()!, readFileSync(f)]));
    const report = await importZip("streamed.zip", zip);
    assert.equal(report.imported, 20);
  });

  test("a path traversal entry name is refused (INPUT_UNSAFE) and nothing is imported", async () => {
    const zip = zipSync({ "GO-2020-0001.json": goRecord, "../../etc/evil.json": goRecord });
    await assert.rejects(importZip("traversal.zip", zip), (e: unknown) => {
      assert.ok(e instanceof ImportSourceError && hasCode(e, "INPUT_UNSAFE"));
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
    await assert.rejects(importZip("ratio.zip", zip), (e: unknown) => {
      assert.ok(hasCode(e, "INPUT_UNSAFE"));
      assert.match(String(e), /compression ratio of \d+:1, over the 200:1 limit/);
      return true;
    });
  });

  test("a decompression bomb by size (one entry over the entry limit) is refused (INPUT_TOO_LARGE)", async () => {
    const zip = zipSync({ "huge.json": new Uint8Array(65 * 1024 * 1024) }, { level: 1 });
    await assert.rejects(importZip("size.zip", zip), (e: unknown) => {
      assert.ok(hasCode(e, "INPUT_TOO_LARGE"));
      assert.match(String(e), /would decompress to 68157440 bytes, over the 67108864-byte limit/);
      return true;
    });
  });

  test("a streamed zip's sizes come from its central directory and are held to the entry limit", async () => {
    const zip = streamedZip([["GO-2020-0001.json", goRecord]]);
    await assert.rejects(importZip("undeclared.zip", zip, { maxEntryBytes: 100 }), (e: unknown) =>
      hasCode(e, "INPUT_TOO_LARGE"),
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
    // modification of a zip of a real record followed by 16 MiB of spaces: both size fields say 100 bytes
    const zip = zipSync({ "liar.json": new Uint8Array(16 * 1024 * 1024).fill(32) }, { level: 9 });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let i = 0; i + 4 <= zip.length; i++) {
      const signature = view.getUint32(i, true);
      if (signature === 0x02014b50) view.setUint32(i + 24, 100, true); // central directory: uncompressed size
      if (signature === 0x04034b50) view.setUint32(i + 22, 100, true); // local header: uncompressed size
    }
    await assert.rejects(importZip("liar.zip", zip), (e: unknown) => {
      // the only entry was cut: nothing valid, so the import is empty; the entry is named with the reason
      assert.ok(hasCode(e, "IMPORT_EMPTY"));
      const report = (e as unknown as { report: { invalid: { file: string; reason: string }[] } }).report;
      assert.match(report.invalid[0]!.file, /liar\.zip!liar\.json$/);
      assert.match(report.invalid[0]!.reason, /decompresses past its declared size of 100 bytes/);
      return true;
    });
  });

  test("a truncated or corrupt zip is a clear error naming it, never a smaller import", async () => {
    const zip = zipSync({ "GO-2020-0001.json": goRecord, "GO-2020-0003.json": goRecord });
    await assert.rejects(
      importZip("corrupt.zip", zip.slice(0, zip.length - 30)),
      /corrupt\.zip: not a readable zip archive/,
    );
    // cut after the first entry: what a broken download looks like
    await assert.rejects(
      importZip("cut.zip", zip.slice(0, zip.length / 2)),
      /cut\.zip: not a readable zip archive/,
    );
  });

  test("an archive of more than 65,535 entries written without ZIP64 (count kept modulo 65,536) is read whole", async () => {
    const entries: [string, Uint8Array][] = [["GO-2020-0001.json", goRecord]];
    for (let i = 0; i < 65_536; i++) entries.push([`notes/${i}.txt`, strToU8("x")]);
    const zip = streamedZip(entries);
    const report = await importZip("many.zip", zip);
    assert.equal(report.imported, 1);
    assert.equal(report.ignoredFiles, 65_536);
  });

  test("a source that fails after part of a big import was written says what was kept", async () => {
    const folder = join(dir, "partial");
    mkdirSync(folder);
    for (const f of corpusFiles("osv", "go").slice(0, 40))
      writeFileSync(join(folder, f.split("/").pop()!), readFileSync(f));
    const bad = join(dir, "partial-traversal.zip");
    writeFileSync(bad, zipSync({ "../evil.json": goRecord }));
    const db = await openAdvisoryDatabase({ path: join(dir, "partial.db"), mode: "write" });
    try {
      // writes of ~8 KB: the folder is written in several transactions before the zip is read
      await assert.rejects(
        importAdvisories(db.writer!, [folder, bad], { writeBatchBytes: 8_000 }),
        (e: unknown) => {
          assert.ok(e instanceof ImportSourceError && hasCode(e, "INPUT_UNSAFE"));
          assert.match(e.hint ?? "", /the 40 records read before this point were written and stay/);
          return true;
        },
      );
      assert.equal((await db.reader.status()).records, 40);
    } finally {
      await db.close();
    }
  });

  test("duplicate entry names are reported; every copy is read in order", async () => {
    const newer = JSON.parse(goRecord.toString());
    newer.modified = "2099-01-01T00:00:00Z"; // modification: the second copy is newer
    const zip = streamedZip([
      ["GO-2020-0001.json", goRecord],
      ["GO-2020-0001.json", strToU8(JSON.stringify(newer))],
    ]);
    const report = await importZip("dupes.zip", zip);
    assert.deepEqual([report.imported, report.replaced], [1, 1]);
    assert.equal(report.warnings.length, 1);
    assert.match(report.warnings[0]!.file, /dupes\.zip!GO-2020-0001\.json$/);
    assert.match(report.warnings[0]!.reason, /several entries with this name/);
  });

  test("entries are read one at a time; non-OSV entries are counted, not decompressed", async () => {
    const zip = zipSync({
      "a/GO-2020-0001.json": goRecord,
      "README.md": new TextEncoder().encode("hi"),
      "dir/": new Uint8Array(),
    });
    const file = join(dir, "mixed.zip");
    writeFileSync(file, zip);
    const seen: string[] = [];
    const skipped: string[] = [];
    let pauses = 0;
    await readZipFile(file, "mixed.zip", {
      wanted: (name) => name.endsWith(".json"),
      entry: (name) => seen.push(name),
      skipped: (name) => skipped.push(name),
      unreadable: () => assert.fail("nothing is unreadable"),
      duplicate: () => assert.fail("no duplicates"),
      pause: async () => {
        pauses++;
      },
    });
    assert.deepEqual(seen, ["a/GO-2020-0001.json"]);
    assert.deepEqual(skipped, ["README.md"]);
    assert.ok(pauses >= 1);
    const report = await importZip("mixed2.zip", zip);
    assert.equal(report.imported, 1);
    assert.equal(report.ignoredFiles, 1);
  });
});

describe("URL imports", () => {
  test("schemes other than http and https are refused before anything is read", async () => {
    const db = await openAdvisoryDatabase({ path: join(dir, "urls.db"), mode: "write" });
    for (const url of ["file:///etc/passwd", "ftp://example.org/all.zip", "gopher://x/1"])
      await assert.rejects(
        importAdvisories(db.writer!, [url]),
        (e: unknown) => hasCode(e, "NETWORK_REFUSED") && /is not allowed/.test(String(e)),
      );
    await db.close();
  });
});
