import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { zipSync } from "fflate";
import type { OsvRecord } from "../model/osv.js";
import { copy, corpusFiles } from "./corpus-fixtures.test.js";
import { openAdvisoryDatabase } from "./database.js";
import { importAdvisories } from "./import.js";
import { parseModifiedIds, updateAdvisories } from "./update.js";

// A local stand-in for osv.dev's bucket: /<Ecosystem>/all.zip, /<Ecosystem>/modified_id.csv, /<Ecosystem>/<id>.json
const files = new Map<string, Uint8Array>();
const requests: string[] = [];
let server: Server;
let baseUrl: string;
const dir = mkdtempSync(join(tmpdir(), "bulwark-update-"));

const records: OsvRecord[] = corpusFiles("osv", "go")
  .slice(0, 50)
  .map((f) => JSON.parse(readFileSync(f, "utf8")));

function publish(list: OsvRecord[]): void {
  const encode = (r: OsvRecord) => new TextEncoder().encode(JSON.stringify(r));
  files.set("/Go/all.zip", zipSync(Object.fromEntries(list.map((r) => [`${r.id}.json`, encode(r)]))));
  const csv = [...list]
    .sort((a, b) => (a.modified < b.modified ? 1 : -1))
    .map((r) => `${r.modified},${r.id}`)
    .join("\n");
  files.set("/Go/modified_id.csv", new TextEncoder().encode(csv));
  for (const r of list) files.set(`/Go/${r.id}.json`, encode(r));
}

before(async () => {
  publish(records);
  server = createServer((req, res) => {
    requests.push(req.url ?? "");
    const body = files.get(decodeURIComponent(req.url ?? ""));
    if (req.url === "/Broken/all.zip") {
      res.writeHead(500).end("boom");
      return;
    }
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-length": body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("db update against a local mirror", () => {
  const path = join(dir, "update.db");

  test("the first update downloads all.zip", async () => {
    const db = openAdvisoryDatabase({ db: path, create: true });
    requests.length = 0;
    const progress: number[] = [];
    const report = await updateAdvisories(db, {
      ecosystems: ["go"],
      baseUrl,
      onProgress: (_e, _p, done) => progress.push(done),
    });
    assert.equal(report.imported, 50);
    assert.deepEqual(report.ecosystems, [{ ecosystem: "Go", mode: "full", records: 50 }]);
    assert.deepEqual(requests, ["/Go/modified_id.csv", "/Go/all.zip"]);
    assert.ok(progress.length > 0);
    db.close();
  });

  test("nothing changed: only modified_id.csv is read", async () => {
    const db = openAdvisoryDatabase({ db: path });
    requests.length = 0;
    const report = await updateAdvisories(db, { baseUrl }); // default: the ecosystems already present
    assert.deepEqual(report.ecosystems, [{ ecosystem: "Go", mode: "unchanged", records: 0 }]);
    assert.deepEqual(requests, ["/Go/modified_id.csv"]);
    db.close();
  });

  test("a changed record is fetched alone (incremental)", async () => {
    // modification of a real record: newer modified, fix moved to 99.0.0
    const changed = copy(records[7]!);
    changed.modified = "2099-01-01T00:00:00Z";
    changed.affected![0]!.ranges![0]!.events = [{ introduced: "0" }, { fixed: "99.0.0" }];
    publish(records.map((r, i) => (i === 7 ? changed : r)));
    const db = openAdvisoryDatabase({ db: path });
    requests.length = 0;
    const saved = process.env.BULWARK_OSV_BASE_URL;
    process.env.BULWARK_OSV_BASE_URL = baseUrl; // the environment variable works like --base-url
    try {
      const report = await updateAdvisories(db);
      assert.equal(report.replaced, 1);
      assert.deepEqual(report.ecosystems, [{ ecosystem: "Go", mode: "incremental", records: 1 }]);
      assert.deepEqual(requests, ["/Go/modified_id.csv", `/Go/${changed.id}.json`]);
      assert.equal(db.get(changed.id)!.modified, "2099-01-01T00:00:00Z");
    } finally {
      if (saved === undefined) delete process.env.BULWARK_OSV_BASE_URL;
      else process.env.BULWARK_OSV_BASE_URL = saved;
      db.close();
    }
  });

  test("a failing download leaves the previous database intact", async () => {
    const db = openAdvisoryDatabase({ db: path });
    const before = db.status();
    await assert.rejects(
      updateAdvisories(db, { ecosystems: ["Go", "Broken"], baseUrl }),
      /Broken\/all\.zip: the server answered HTTP 500/,
    );
    assert.deepEqual(db.status().ecosystems, before.ecosystems);
    assert.equal(db.status().records, before.records);
    db.close();
  });

  test("URL imports fetch a zip over http", async () => {
    const db = openAdvisoryDatabase({ db: join(dir, "url.db"), create: true });
    const report = await importAdvisories(db, [`${baseUrl}/Go/all.zip`]);
    assert.equal(report.imported, 50);
    await assert.rejects(importAdvisories(db, [`${baseUrl}/Go/missing.zip`]), /HTTP 404/);
    db.close();
  });

  test("an empty database with no --ecosystem says what to do", async () => {
    const db = openAdvisoryDatabase({ db: join(dir, "empty.db"), create: true });
    await assert.rejects(updateAdvisories(db, { baseUrl }), /nothing to update/);
    db.close();
  });
});

describe("parseModifiedIds", () => {
  test("reads lines and rejects malformed ones by line number", () => {
    assert.deepEqual(parseModifiedIds("2024-02-01T00:00:00Z,GO-2\n2024-01-01T00:00:00Z,GO-1\n", "x"), [
      { modified: "2024-02-01T00:00:00Z", id: "GO-2" },
      { modified: "2024-01-01T00:00:00Z", id: "GO-1" },
    ]);
    assert.throws(() => parseModifiedIds("2024-02-01T00:00:00Z,GO-2\nnonsense", "x.csv"), /x\.csv.*line 2/);
    assert.throws(() => parseModifiedIds("2024-02-01T00:00:00Z,../../etc", "x.csv"), /line 1/);
  });
});
