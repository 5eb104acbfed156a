import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { corpusRecord } from "../advisories/corpus-fixtures.test.js";
import { isNewer, storedForm } from "../advisories/stored-form.js";
import { hasCode } from "../model/errors.js";
import { advisoryStorageContract } from "./advisory-store.contract.test.js";
import { createMemoryAdvisoryStorage } from "./advisory-store-memory.js";
import { openSqliteAdvisoryStorage } from "./advisory-store-sqlite.js";

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bulwark-store-"));
});
after(() => rm(dir, { recursive: true, force: true }));

advisoryStorageContract("SQLite", () => openSqliteAdvisoryStorage(join(dir, `contract-${n++}.db`), "write"));
advisoryStorageContract("memory", async () => createMemoryAdvisoryStorage());

describe("SQLite advisory storage", () => {
  const gin = corpusRecord("go/GO-2020-0001.json");

  test("read mode changes nothing on disk and refuses writes with ADVISORY_DB_READ_ONLY", async () => {
    const path = join(dir, "read.db");
    const writer = await openSqliteAdvisoryStorage(path, "write");
    await writer.write([storedForm(gin)], [], isNewer);
    await writer.close();
    const reader = await openSqliteAdvisoryStorage(path, "read");
    assert.equal((await reader.matchRows("Go", "github.com/gin-gonic/gin")).length, 1);
    await assert.rejects(reader.write([], [], isNewer), (e: unknown) => hasCode(e, "ADVISORY_DB_READ_ONLY"));
    await reader.close();
    const sqlite = new Database(path, { readonly: true });
    assert.equal(
      sqlite.pragma("journal_mode", { simple: true }),
      "delete",
      "rollback journal: readable from read-only folders",
    );
    sqlite.close();
  });

  test("a lookup that disagrees with the package counts is ADVISORY_DB_CORRUPT, not an empty answer", async () => {
    const path = join(dir, "damaged.db");
    const writer = await openSqliteAdvisoryStorage(path, "write");
    await writer.write([storedForm(gin)], [], isNewer);
    await writer.close();
    // damage: the index row's key no longer says gin (what a garbled index page does to a lookup)
    const sqlite = new Database(path);
    sqlite.prepare("UPDATE package_index SET name = 'github.com/gin-gonic/gix'").run();
    sqlite.close();
    const reader = await openSqliteAdvisoryStorage(path, "read");
    await assert.rejects(reader.matchRows("Go", "github.com/gin-gonic/gin"), (e: unknown) =>
      hasCode(e, "ADVISORY_DB_CORRUPT"),
    );
    assert.match((await reader.check()).join("\n"), /gin-gonic\/gi[nx]/);
    await reader.close();
  });

  test("SQLite's own corruption errors become ADVISORY_DB_CORRUPT naming the file", async () => {
    const path = join(dir, "garbage.db");
    await writeFile(
      path,
      "this is not a database, just text that is long enough to have a header".repeat(100),
    );
    await assert.rejects(openSqliteAdvisoryStorage(path, "read"), (e: unknown) => {
      assert.ok(hasCode(e, "ADVISORY_DB_CORRUPT"), String(e));
      assert.match((e as Error).message, /garbage\.db/);
      return true;
    });
  });

  test("a schema-1 file is read as it is and upgraded when opened for writing", async () => {
    const path = join(dir, "v1.db");
    const writer = await openSqliteAdvisoryStorage(path, "write");
    await writer.write([storedForm(gin)], [], isNewer);
    await writer.close();
    // make it what Bulwark 0.1 wrote: no packages / ecosystem_data tables, schema_version 1
    const sqlite = new Database(path);
    sqlite.exec("DROP TABLE packages; DROP TABLE ecosystem_data; UPDATE info SET value = '1'");
    sqlite.close();
    const old = await openSqliteAdvisoryStorage(path, "read");
    assert.equal((await old.matchRows("Go", "github.com/gin-gonic/gin")).length, 1);
    assert.equal((await old.counts()).perEcosystem[0]?.newestModified, undefined);
    await old.close();
    const upgraded = await openSqliteAdvisoryStorage(path, "write");
    assert.equal((await upgraded.counts()).perEcosystem[0]?.newestModified, gin.modified);
    assert.deepEqual(await upgraded.check(), []);
    await upgraded.close();
  });

  test("a file written by a newer schema is refused with STORE_SCHEMA_NEWER", async () => {
    const path = join(dir, "future.db");
    await (await openSqliteAdvisoryStorage(path, "write")).close();
    const sqlite = new Database(path);
    sqlite.exec("UPDATE info SET value = '99'");
    sqlite.close();
    for (const mode of ["read", "write"] as const)
      await assert.rejects(openSqliteAdvisoryStorage(path, mode), (e: unknown) =>
        hasCode(e, "STORE_SCHEMA_NEWER"),
      );
  });

  test("another application's SQLite file is not taken over", async () => {
    const path = join(dir, "other.db");
    const sqlite = new Database(path);
    sqlite.exec("CREATE TABLE notes (text TEXT)");
    sqlite.close();
    for (const mode of ["read", "write"] as const)
      await assert.rejects(openSqliteAdvisoryStorage(path, mode), /not a Bulwark advisory database/);
  });
});
