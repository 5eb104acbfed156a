import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { zipSync } from "fflate";
import { hasCode } from "../model/errors.js";
import type { OsvRecord } from "../model/osv.js";
import { copy, corpusFiles } from "./corpus-fixtures.test.js";
import { type OpenedAdvisoryDatabase, openAdvisoryDatabase } from "./database.js";
import type { OpenUrl } from "./download.js";
import { importAdvisories } from "./import.js";
import type { AdvisoryWriter } from "./ports.js";
import { parseModifiedIds, updateAdvisories } from "./update.js";

/** A database file opened for writing, with its writer. */
async function writable(path: string): Promise<OpenedAdvisoryDatabase & { writer: AdvisoryWriter }> {
  return (await openAdvisoryDatabase({ path, mode: "write" })) as OpenedAdvisoryDatabase & {
    writer: AdvisoryWriter;
  };
}

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
    const db = await writable(path);
    requests.length = 0;
    const progress: number[] = [];
    const report = await updateAdvisories(db.writer, {
      ecosystems: ["go"],
      baseUrl,
      onProgress: (_e, _p, done) => progress.push(done),
    });
    assert.equal(report.imported, 50);
    assert.deepEqual(report.ecosystems, [{ ecosystem: "Go", mode: "full", records: 50 }]);
    assert.deepEqual(requests, ["/Go/modified_id.csv", "/Go/all.zip"]);
    assert.ok(progress.length > 0);
    await db.close();
  });

  test("nothing changed: only modified_id.csv is read", async () => {
    const db = await writable(path);
    requests.length = 0;
    const report = await updateAdvisories(db.writer, { baseUrl }); // default: the ecosystems already present
    assert.deepEqual(report.ecosystems, [{ ecosystem: "Go", mode: "unchanged", records: 0 }]);
    assert.deepEqual(requests, ["/Go/modified_id.csv"]);
    await db.close();
  });

  test("a changed record is fetched alone (incremental)", async () => {
    // modification of a real record: newer modified, fix moved to 99.0.0
    const changed = copy(records[7]!);
    changed.modified = "2099-01-01T00:00:00Z";
    changed.affected![0]!.ranges![0]!.events = [{ introduced: "0" }, { fixed: "99.0.0" }];
    publish(records.map((r, i) => (i === 7 ? changed : r)));
    const db = await writable(path);
    requests.length = 0;
    try {
      const report = await updateAdvisories(db.writer, { baseUrl });
      assert.equal(report.replaced, 1);
      assert.deepEqual(report.ecosystems, [{ ecosystem: "Go", mode: "incremental", records: 1 }]);
      assert.deepEqual(requests, ["/Go/modified_id.csv", `/Go/${changed.id}.json`]);
      assert.equal((await db.reader.get(changed.id))!.modified, "2099-01-01T00:00:00Z");
    } finally {
      await db.close();
    }
  });

  test("a failing download leaves the previous database intact: every download comes before any write", async () => {
    // modification: record 3 changed too, so that Go has something to write before Broken fails
    const changed = copy(records[3]!);
    changed.modified = "2099-02-01T00:00:00Z";
    publish(records.map((r, i) => (i === 3 ? changed : r)));
    const db = await writable(path);
    const before = await db.reader.status();
    const writes: number[] = [];
    const watched: AdvisoryWriter = {
      write: (r, u) => {
        writes.push(r.length);
        return db.writer.write(r, u);
      },
      ecosystemUpdates: () => db.writer.ecosystemUpdates(),
    };
    await assert.rejects(
      updateAdvisories(watched, { ecosystems: ["Go", "Broken"], baseUrl }),
      (e: unknown) =>
        hasCode(e, "NETWORK_FAILED") && /Broken\/all\.zip: the server answered HTTP 500/.test(String(e)),
    );
    assert.deepEqual(writes, [], "no transaction was opened");
    assert.deepEqual((await db.reader.status()).ecosystems, before.ecosystems);
    assert.equal((await db.reader.get(changed.id))!.modified, records[3]!.modified);
    await db.close();
  });

  test("the HTTP access is a parameter: an injected opener serves the mirror and sees every request", async () => {
    const db = await writable(join(dir, "injected.db"));
    const opened: string[] = [];
    const openUrl: OpenUrl = async (url, { maxBytes }) => {
      opened.push(url.pathname);
      assert.ok(maxBytes > 0);
      const body = files.get(decodeURIComponent(url.pathname));
      return {
        status: body ? 200 : 404,
        body: (async function* () {
          if (body) for (let i = 0; i < body.length; i += 1000) yield body.subarray(i, i + 1000);
        })(),
        cancel: async () => {},
      };
    };
    const report = await updateAdvisories(db.writer, {
      ecosystems: ["Go"],
      baseUrl: "https://mirror.invalid",
      openUrl,
    });
    assert.equal(report.imported, 50);
    assert.deepEqual(opened, ["/Go/modified_id.csv", "/Go/all.zip"]);
    await db.close();
  });

  test("a download over the byte limit is refused (INPUT_TOO_LARGE) and nothing is written", async () => {
    const db = await writable(join(dir, "limit.db"));
    const openUrl: OpenUrl = async () => ({
      status: 200,
      length: 5_000_000_000,
      body: (async function* () {})(),
      cancel: async () => {},
    });
    await assert.rejects(
      updateAdvisories(db.writer, { ecosystems: ["Go"], baseUrl: "https://mirror.invalid", openUrl }),
      (e: unknown) => hasCode(e, "INPUT_TOO_LARGE"),
    );
    assert.deepEqual(await db.writer.ecosystemUpdates(), []);
    await db.close();
  });

  test("URL imports fetch a zip over http", async () => {
    const db = await writable(join(dir, "url.db"));
    const report = await importAdvisories(db.writer, [`${baseUrl}/Go/all.zip`]);
    assert.equal(report.imported, 50);
    await assert.rejects(importAdvisories(db.writer, [`${baseUrl}/Go/missing.zip`]), /HTTP 404/);
    await db.close();
  });

  test("an empty database with no ecosystem named says what to do", async () => {
    const db = await writable(join(dir, "empty.db"));
    await assert.rejects(
      updateAdvisories(db.writer, { baseUrl }),
      (e: unknown) => hasCode(e, "ADVISORY_DB_MISSING") && /nothing to update/.test(String(e)),
    );
    await db.close();
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
