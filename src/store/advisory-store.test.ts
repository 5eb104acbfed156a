import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { AdvisoryStore } from "./advisory-store.js";
import { inTransaction, openSqlite } from "./sqlite.js";

const dir = mkdtempSync(join(tmpdir(), "bulwark-store-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const row = (id: string, modified: string) => ({
  id,
  modified,
  withdrawn: false,
  json: `{"id":"${id}"}`,
  matchJson: "{}",
});

describe("AdvisoryStore", () => {
  test("put replaces a record with its index and alias rows (no stale index entries)", () => {
    const store = new AdvisoryStore(openSqlite(join(dir, "a.db"), { create: true }));
    store.put(
      row("X-1", "2024-01-01T00:00:00Z"),
      [
        { ecosystem: "PyPI", name: "a", suffix: "" },
        { ecosystem: "PyPI", name: "b", suffix: "" },
        { ecosystem: "PyPI", name: "b", suffix: "" },
      ],
      [{ alias: "CVE-1", kind: "alias" }],
    );
    assert.deepEqual(store.idsForPackage("PyPI", "b"), ["X-1"]);
    store.put(row("X-1", "2024-02-01T00:00:00Z"), [{ ecosystem: "PyPI", name: "a", suffix: "" }], []);
    assert.deepEqual(store.idsForPackage("PyPI", "b"), []);
    assert.deepEqual(store.idsForPackage("PyPI", "a"), ["X-1"]);
    assert.equal(store.modifiedOf("X-1"), "2024-02-01T00:00:00Z");
    assert.deepEqual(store.counts(), {
      records: 1,
      withdrawn: 0,
      perEcosystem: [{ ecosystem: "PyPI", records: 1 }],
    });
    store.db.close();
  });

  test("inTransaction rolls back everything when the work throws", async () => {
    const db = openSqlite(join(dir, "b.db"), { create: true });
    const store = new AdvisoryStore(db);
    await assert.rejects(
      inTransaction(db, async () => {
        store.put(row("X-2", "2024-01-01T00:00:00Z"), [], []);
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error("source failed");
      }),
      /source failed/,
    );
    assert.equal(store.isEmpty(), true);
    assert.equal(db.inTransaction, false);
    db.close();
  });

  test("meta keeps the previous watermark when none is given", () => {
    const store = new AdvisoryStore(openSqlite(join(dir, "c.db"), { create: true }));
    store.setMeta("Go", "2024-01-01T00:00:00Z", "https://x", "2023-12-31T00:00:00Z");
    store.setMeta("Go", "2024-02-01T00:00:00Z", "/local");
    assert.deepEqual(store.meta(), [
      {
        ecosystem: "Go",
        lastUpdate: "2024-02-01T00:00:00Z",
        source: "/local",
        watermark: "2023-12-31T00:00:00Z",
      },
    ]);
    store.db.close();
  });

  test("opening a missing file without create fails instead of creating it", () => {
    assert.throws(() => openSqlite(join(dir, "missing.db")));
  });
});
