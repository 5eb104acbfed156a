import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { hasCode } from "../model/errors.js";
import { corpusKev, emptyAdvisoryDatabase } from "../testing/prioritise-fixtures.js";
import type { EpssScores, ExploitDataStore } from "./exploit-data.js";
import { MemoryExploitStore } from "./memory-store.js";
import { openSqliteExploitStore } from "./sqlite-store.js";

const kev = corpusKev();
const T1 = new Date("2026-01-05T10:00:00Z");
const T2 = new Date("2026-01-06T10:00:00Z");
// Scores in the documented layout; their values mean nothing (no real EPSS file is at hand).
const epss: EpssScores = {
  modelVersion: "v2025.03.14",
  scoreDate: "2026-01-05T00:00:00.000Z",
  scores: [
    { cve: "CVE-2023-44487", epss: 0.5, percentile: 0.9 },
    { cve: "CVE-2020-11651", epss: 0.25, percentile: 0.8 },
  ],
};

/** The same contract, run on every implementation of the port. */
function contract(
  name: string,
  open: () => Promise<{ store: ExploitDataStore; reopen?: () => Promise<ExploitDataStore> }>,
) {
  describe(`ExploitDataStore contract: ${name}`, () => {
    let store: ExploitDataStore;
    let reopen: (() => Promise<ExploitDataStore>) | undefined;
    before(async () => {
      ({ store, reopen } = await open());
    });
    after(() => store.close());

    it("holds nothing before an import", async () => {
      assert.deepEqual(await store.status(), {});
      const facts = await store.lookup(["CVE-2023-44487"]);
      assert.equal(facts.kev.size, 0);
      assert.equal(facts.epss.size, 0);
    });

    it("replaces the KEV catalogue and finds entries by id in any case; non-CVE ids find nothing", async () => {
      assert.deepEqual(await store.replaceKev(kev, T1), { entries: 1404 });
      const facts = await store.lookup(["cve-2023-44487", "GHSA-qppj-fm5r-hxr3", "CVE-1900-0001"]);
      assert.deepEqual([...facts.kev.keys()], ["CVE-2023-44487"]);
      assert.equal(facts.kev.get("CVE-2023-44487")?.dateAdded, "2023-10-10");
      assert.deepEqual(facts.status.kev, {
        catalogVersion: "2025.08.25",
        dateReleased: "2025-08-25T17:04:19.9796Z",
        entries: 1404,
        importedAt: T1.toISOString(),
      });
    });

    it("a second catalogue replaces the first whole: entries it lacks are no longer listed", async () => {
      const smaller = {
        ...kev,
        catalogVersion: "2025.08.24",
        entries: kev.entries.filter((e) => e.cveID !== "CVE-2023-44487"),
      };
      assert.deepEqual(await store.replaceKev(smaller, T2), { entries: 1403, previous: "2025.08.25" });
      assert.equal((await store.lookup(["CVE-2023-44487"])).kev.size, 0);
      assert.equal((await store.lookup(["CVE-2020-1938"])).kev.size, 1);
      await store.replaceKev(kev, T2);
    });

    it("replaces EPSS scores and looks them up beside the KEV entries", async () => {
      assert.deepEqual(await store.replaceEpss(epss, T1), { scores: 2 });
      const facts = await store.lookup(["CVE-2023-44487", "CVE-2020-11651", "CVE-2020-1938"]);
      assert.deepEqual(facts.epss.get("CVE-2023-44487"), {
        cve: "CVE-2023-44487",
        epss: 0.5,
        percentile: 0.9,
      });
      assert.equal(facts.epss.size, 2);
      assert.equal(facts.kev.size, 3);
      assert.equal(facts.status.epss?.modelVersion, "v2025.03.14");
      const next = { ...epss, scoreDate: "2026-01-06T00:00:00.000Z", scores: [epss.scores[1]!] };
      assert.deepEqual(await store.replaceEpss(next, T2), {
        scores: 1,
        previous: "2026-01-05T00:00:00.000Z",
      });
      assert.equal((await store.lookup(["CVE-2023-44487"])).epss.size, 0);
    });

    it("looks up a thousand ids at once", async () => {
      const ids = kev.entries.slice(0, 1000).map((e) => e.cveID);
      assert.equal((await store.lookup(ids)).kev.size, 1000);
    });

    if (name === "SQLite")
      it("keeps everything across a reopen", async () => {
        const again = await reopen!();
        try {
          const status = await again.status();
          assert.equal(status.kev?.entries, 1404);
          assert.equal(status.epss?.scores, 1);
          assert.equal((await again.lookup(["CVE-2020-11651"])).epss.get("CVE-2020-11651")?.epss, 0.25);
        } finally {
          await again.close();
        }
      });
  });
}

contract("memory", async () => ({ store: new MemoryExploitStore() }));

const db = await emptyAdvisoryDatabase();
after(() => db.cleanup());
contract("SQLite", async () => ({
  store: await openSqliteExploitStore(db.path, "write"),
  reopen: () => openSqliteExploitStore(db.path, "read"),
}));

describe("the SQLite exploit store refuses files it must not touch", () => {
  async function codeOf(path: string, mode: "read" | "write"): Promise<string> {
    try {
      await (await openSqliteExploitStore(path, mode)).close();
    } catch (error) {
      assert.ok(
        hasCode(error, "ADVISORY_DB_MISSING", "ADVISORY_DB_UNUSABLE", "STORE_SCHEMA_NEWER"),
        String(error),
      );
      return (error as { code: string }).code;
    }
    return "opened";
  }

  it("no file: import advisories first (a file holding only KEV tables would not be an advisory database)", async () => {
    assert.equal(await codeOf(join(db.dir, "absent.db"), "write"), "ADVISORY_DB_MISSING");
  });

  it("a SQLite file that is not an advisory database, and a file that is not SQLite", async () => {
    const other = join(db.dir, "other.db");
    const sqlite = new Database(other);
    sqlite.exec("CREATE TABLE t (x)");
    sqlite.close();
    assert.equal(await codeOf(other, "write"), "ADVISORY_DB_UNUSABLE");
    const text = join(db.dir, "text.db");
    writeFileSync(text, "not a database at all, just some text that is long enough to have a header");
    assert.equal(await codeOf(text, "read"), "ADVISORY_DB_UNUSABLE");
  });

  it("tables written by a newer Bulwark", async () => {
    const newer = await emptyAdvisoryDatabase();
    try {
      await (await openSqliteExploitStore(newer.path, "write")).close();
      const sqlite = new Database(newer.path);
      sqlite.prepare("UPDATE exploit_info SET value = '99' WHERE key = 'schema_version'").run();
      sqlite.close();
      assert.equal(await codeOf(newer.path, "read"), "STORE_SCHEMA_NEWER");
    } finally {
      newer.cleanup();
    }
  });

  it("a read-only store of a database without exploit tables holds nothing", async () => {
    const fresh = await emptyAdvisoryDatabase();
    try {
      const store = await openSqliteExploitStore(fresh.path, "read");
      assert.deepEqual(await store.status(), {});
      assert.equal((await store.lookup(["CVE-2023-44487"])).kev.size, 0);
      await store.close();
    } finally {
      fresh.cleanup();
    }
  });
});
