// Proof that a server can host the core: the inventory and scan use-cases run on an in-memory source and
// in-memory advisory storage (no file read, no SQLite) and find exactly what the CLI's path finds from disk
// with the SQLite database, for every corpus project.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { createAdvisoryDatabase } from "../advisories/database.js";
import { importAdvisories } from "../advisories/import.js";
import type { AdvisoryReader } from "../advisories/ports.js";
import { inventorySource } from "../inventory/index.js";
import { MemorySource } from "../inventory/memory-source.js";
import type { ScanResult } from "../model/finding.js";
import { createMemoryAdvisoryStorage } from "../store/advisory-store-memory.js";
import { corpusPath } from "../testing/corpus.js";
import {
  buildCorpusDatabase,
  CORPUS_OSV_FOLDERS,
  type CorpusAdvisories,
} from "../testing/corpus-advisories.js";
import { scan } from "./index.js";
import { scanInventory } from "./scan-inventory.js";

const NOW = new Date("2026-01-15T12:00:00Z");

/** Every file under a folder, as "/"-separated relative paths and bytes (the test's own reading). */
async function filesOf(root: string): Promise<[string, Uint8Array][]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(
    files.map(
      async (file): Promise<[string, Uint8Array]> => [
        relative(root, file).split("\\").join("/"),
        await readFile(file),
      ],
    ),
  );
}

/** A scan result without what names its storage. */
function comparable(result: ScanResult): Omit<ScanResult, "database"> {
  const { database: _database, ...rest } = result;
  return rest;
}

describe("scan from memory = scan from disk", () => {
  let sqlite: CorpusAdvisories;
  let memory: AdvisoryReader;

  before(async () => {
    sqlite = await buildCorpusDatabase();
    const db = createAdvisoryDatabase(createMemoryAdvisoryStorage());
    await importAdvisories(
      db.writer!,
      CORPUS_OSV_FOLDERS.map((f) => corpusPath("osv", f)),
    );
    memory = db.reader;
  });
  after(() => sqlite?.cleanup());

  it("the two advisory stores hold the same records", async () => {
    const [a, b] = await Promise.all([sqlite.reader.status(), memory.status()]);
    assert.equal(b.location, "memory");
    assert.ok(a.records > 1000);
    assert.equal(b.records, a.records);
    assert.deepEqual(
      b.ecosystems.map((e) => [e.ecosystem, e.records]),
      a.ecosystems.map((e) => [e.ecosystem, e.records]),
    );
  });

  it("every corpus project: the same inventory and exactly the same findings", async () => {
    const projects = (await readdir(corpusPath("projects"), { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    assert.ok(projects.length >= 5, `only ${projects.length} corpus projects`);
    let findings = 0;
    for (const project of projects) {
      const dir = corpusPath("projects", project);
      const fromDisk: ScanResult = await scan({ paths: [dir], now: NOW }, sqlite.reader);

      const source = new MemorySource(await filesOf(dir), `the upload of ${project}`);
      const inventory = await inventorySource({ source, paths: [""] });
      const fromMemory = await scanInventory(inventory, memory, {
        config: { ignores: [] },
        vex: [],
        now: NOW,
        targets: [dir],
      });

      assert.deepEqual(fromMemory.findings, fromDisk.findings, project);
      // Everything else too, but where the data lives (a file path, "memory").
      assert.deepEqual(comparable(fromMemory), comparable(fromDisk), project);
      findings += fromDisk.findings.length;
    }
    assert.ok(findings > 0, "the corpus projects have findings to compare");
  });
});
