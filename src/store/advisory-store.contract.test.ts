// The contract every AdvisoryStorage implementation passes (SQLite and memory now, PostgreSQL later): call
// `advisoryStorageContract(name, factory)` from the implementation's test file. This file holds no tests
// of its own. Rows are derived from real corpus records (src/advisories/stored-form.ts); every modification
// of a record is stated where it is made.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { copy, corpusRecord } from "../advisories/corpus-fixtures.test.js";
import { isNewer, storedForm } from "../advisories/stored-form.js";
import type { OsvRecord } from "../model/osv.js";
import type { AdvisoryStorage, StoredRecord } from "./advisory-store.js";

/** Creates a fresh, empty storage opened for writing; the suite closes it. */
export type StorageFactory = () => Promise<AdvisoryStorage>;

const row = (record: OsvRecord): StoredRecord => storedForm(record);
/** A real record with a later `modified` and, optionally, other changes (stated by the caller). */
function newer(record: OsvRecord, modified: string, change: (r: OsvRecord) => void = () => {}): OsvRecord {
  const r = copy(record);
  r.modified = modified;
  change(r);
  return r;
}

/** Runs the storage contract against the storages `create` makes. */
export function advisoryStorageContract(name: string, create: StorageFactory): void {
  const gin = corpusRecord("go/GO-2020-0001.json"); // Go github.com/gin-gonic/gin, no aliases
  const django = corpusRecord("pypi/django/PYSEC-2021-98.yaml"); // PyPI django, aliases CVE + GHSA
  const rhsa = corpusRecord("ghsa-and-others/RHSA-2024_4546.json"); // Red Hat, upstream CVE-2023-45288
  const microcode = corpusRecord("ghsa-and-others/DSA-5474-1.json"); // Debian:11 and Debian:12 intel-microcode
  const withdrawn = corpusRecord("ghsa-and-others/GHSA-35c4-f3rq-f9g3.json"); // RubyGems, withdrawn

  const withStorage = async (work: (s: AdvisoryStorage) => Promise<void>) => {
    const storage = await create();
    try {
      await work(storage);
    } finally {
      await storage.close();
    }
  };

  describe(`advisory storage contract: ${name}`, () => {
    test("an empty storage answers empty", () =>
      withStorage(async (s) => {
        assert.equal(await s.isEmpty(), true);
        assert.deepEqual(await s.matchRows("Go", "github.com/gin-gonic/gin"), []);
        assert.deepEqual(await s.packageRecordIds("Go", "github.com/gin-gonic/gin"), []);
        assert.deepEqual(await s.recordJson(["GO-2020-0001"]), new Map());
        assert.deepEqual(await s.idsNamingAlias("CVE-2023-45288"), []);
        assert.deepEqual(await s.counts(), { records: 0, withdrawn: 0, perEcosystem: [] });
        assert.deepEqual(await s.meta(), []);
        assert.deepEqual(await s.check(), []);
      }));

    test("written records are found by package, by id and by alias, and counted", () =>
      withStorage(async (s) => {
        const rows = [gin, django, rhsa, microcode, withdrawn].map(row);
        const outcomes = await s.write(rows, [], isNewer);
        assert.deepEqual(
          outcomes.map((o) => o.outcome),
          ["imported", "imported", "imported", "imported", "imported"],
        );
        assert.equal(await s.isEmpty(), false);
        assert.deepEqual(await s.matchRows("Go", "github.com/gin-gonic/gin"), [
          { id: gin.id, matchJson: rows[0]!.matchJson },
        ]);
        assert.deepEqual(
          await s.matchRows("Go", "github.com/Gin-Gonic/gin"),
          [],
          "keys are exact: the caller normalises",
        );
        assert.deepEqual(await s.packageRecordIds("PyPI", "django"), [django.id]);
        // two entries (Debian:11, Debian:12) for one package: one record
        assert.deepEqual(await s.packageRecordIds("Debian", "intel-microcode"), [microcode.id]);
        assert.equal((await s.matchRows("Debian", "intel-microcode")).length, 1);
        const json = await s.recordJson([django.id, "NOPE-1", rhsa.id]);
        assert.deepEqual([...json.keys()].sort(), [django.id, rhsa.id].sort());
        assert.deepEqual(JSON.parse(json.get(django.id)!), django);
        assert.deepEqual(await s.idsNamingAlias("CVE-2021-33203"), [django.id], "aliases");
        assert.deepEqual(await s.idsNamingAlias("CVE-2023-45288"), [rhsa.id], "upstream");
        const counts = await s.counts();
        assert.equal(counts.records, 5);
        assert.equal(counts.withdrawn, 1);
        const per = Object.fromEntries(counts.perEcosystem.map((e) => [e.ecosystem, e]));
        assert.deepEqual(per.Go, { ecosystem: "Go", records: 1, newestModified: gin.modified });
        assert.deepEqual(per.Debian, { ecosystem: "Debian", records: 1, newestModified: microcode.modified });
        assert.deepEqual(
          counts.perEcosystem.map((e) => e.ecosystem),
          [...counts.perEcosystem.map((e) => e.ecosystem)].sort(),
          "ordered by ecosystem",
        );
        assert.deepEqual(await s.check(), []);
      }));

    test("matchRows are ordered by id", () =>
      withStorage(async (s) => {
        // modification: three copies of GO-2020-0001 under other ids, written out of order
        const ids = ["GO-2020-9003", "GO-2020-9001", "GO-2020-9002"];
        await s.write(
          ids.map((id) => row({ ...gin, id })),
          [],
          isNewer,
        );
        assert.deepEqual(
          (await s.matchRows("Go", "github.com/gin-gonic/gin")).map((r) => r.id),
          [...ids].sort(),
        );
      }));

    test("a newer record replaces the stored one and its rows; equal or older is skipped", () =>
      withStorage(async (s) => {
        await s.write([row(gin)], [], isNewer);
        // modification: the record moved to another package and a new alias
        const moved = newer(gin, "2099-01-01T00:00:00Z", (r) => {
          r.affected![0]!.package!.name = "github.com/example/moved";
          r.aliases = ["CVE-2099-0001"];
        });
        const [replaced] = await s.write([row(moved)], [], isNewer);
        assert.deepEqual(replaced, {
          outcome: "replaced",
          previous: [{ ecosystem: "Go", name: "github.com/gin-gonic/gin", suffix: "" }],
        });
        assert.deepEqual(
          await s.packageRecordIds("Go", "github.com/gin-gonic/gin"),
          [],
          "no stale index rows",
        );
        assert.deepEqual(await s.packageRecordIds("Go", "github.com/example/moved"), [gin.id]);
        assert.deepEqual(await s.idsNamingAlias("CVE-2099-0001"), [gin.id]);
        for (const alias of gin.aliases ?? [])
          assert.deepEqual(await s.idsNamingAlias(alias), [], "no stale aliases");
        const outcomes = await s.write([row(moved), row(gin)], [], isNewer);
        assert.deepEqual(
          outcomes.map((o) => o.outcome),
          ["skipped", "skipped"],
        );
        assert.equal(
          JSON.parse((await s.recordJson([gin.id])).get(gin.id)!).modified,
          "2099-01-01T00:00:00Z",
        );
        assert.deepEqual(await s.check(), []);
      }));

    test("records offered earlier in the same write count as stored", () =>
      withStorage(async (s) => {
        const later = newer(gin, "2099-01-01T00:00:00Z");
        assert.deepEqual(
          (await s.write([row(gin), row(later), row(gin)], [], isNewer)).map((o) => o.outcome),
          ["imported", "replaced", "skipped"],
        );
        assert.equal((await s.counts()).records, 1);
      }));

    test("newestModified per ecosystem is the newest ever written, never lowered", () =>
      withStorage(async (s) => {
        const late = newer(gin, "2099-01-01T00:00:00Z");
        await s.write([row(late)], [], isNewer);
        // modification: another Go record with an older modified
        await s.write([row({ ...gin, id: "GO-2020-9001", modified: "2001-01-01T00:00:00Z" })], [], isNewer);
        const go = (await s.counts()).perEcosystem.find((e) => e.ecosystem === "Go");
        assert.deepEqual(go, { ecosystem: "Go", records: 2, newestModified: "2099-01-01T00:00:00Z" });
      }));

    test("meta is upserted; a missing watermark keeps the stored one", () =>
      withStorage(async (s) => {
        await s.write(
          [],
          [
            {
              ecosystem: "Go",
              lastUpdate: "2024-01-01T00:00:00Z",
              source: "https://x",
              watermark: "2023-12-31T00:00:00Z",
            },
          ],
          isNewer,
        );
        await s.write(
          [],
          [{ ecosystem: "Go", lastUpdate: "2024-02-01T00:00:00Z", source: "/local" }],
          isNewer,
        );
        assert.deepEqual(await s.meta(), [
          {
            ecosystem: "Go",
            lastUpdate: "2024-02-01T00:00:00Z",
            source: "/local",
            watermark: "2023-12-31T00:00:00Z",
          },
        ]);
      }));

    test("a write that fails midway changes nothing", () =>
      withStorage(async (s) => {
        await s.write(
          [row(gin)],
          [{ ecosystem: "Go", lastUpdate: "2024-01-01T00:00:00Z", source: "a" }],
          isNewer,
        );
        const before = {
          counts: await s.counts(),
          meta: await s.meta(),
          rows: await s.matchRows("Go", "github.com/gin-gonic/gin"),
        };
        let calls = 0;
        const failing = (a: string, b: string) => {
          if (++calls === 2) throw new Error("comparison failed");
          return isNewer(a, b);
        };
        const later = newer(gin, "2099-01-01T00:00:00Z", (r) => {
          r.affected![0]!.package!.name = "github.com/example/moved";
        });
        await assert.rejects(
          s.write(
            [row(later), row(django), row({ ...later, id: gin.id, modified: "2100-01-01T00:00:00Z" })],
            [{ ecosystem: "Go", lastUpdate: "2025-01-01T00:00:00Z", source: "b" }],
            failing,
          ),
          /comparison failed/,
        );
        assert.deepEqual(await s.counts(), before.counts);
        assert.deepEqual(await s.meta(), before.meta);
        assert.deepEqual(await s.matchRows("Go", "github.com/gin-gonic/gin"), before.rows);
        assert.deepEqual(await s.packageRecordIds("Go", "github.com/example/moved"), []);
        assert.deepEqual(await s.packageRecordIds("PyPI", "django"), []);
      }));
  });
}
