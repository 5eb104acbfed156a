import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openAdvisoryDatabase } from "../advisories/database.js";
import { importAdvisories } from "../advisories/import.js";
import type { AdvisoryReader } from "../advisories/ports.js";
import { corpusPath } from "./corpus.js";

/** Every OSV record folder of the corpus (Go, PyPI, GHSA and others, npm GHSA). */
export const CORPUS_OSV_FOLDERS = ["go", "pypi", "ghsa-and-others", "npm-ghsa"];

/** A database built from corpus records for a test file: its path, a reader, and cleanup. */
export interface CorpusAdvisories {
  path: string;
  reader: AdvisoryReader;
  cleanup(): Promise<void>;
}

/**
 * Test support: imports the corpus OSV records into a fresh database in a temp folder and opens it for
 * reading. Tests build it once per file (about a second).
 */
export async function buildCorpusDatabase(folders = CORPUS_OSV_FOLDERS): Promise<CorpusAdvisories> {
  const dir = mkdtempSync(join(tmpdir(), "bulwark-scan-"));
  const path = join(dir, "advisories.db");
  const db = await openAdvisoryDatabase({ path, mode: "write" });
  try {
    await importAdvisories(
      db.writer!,
      folders.map((f) => corpusPath("osv", f)),
    );
  } finally {
    await db.close();
  }
  const opened = await openAdvisoryDatabase({ path, mode: "read" });
  return {
    path,
    reader: opened.reader,
    cleanup: async () => {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
