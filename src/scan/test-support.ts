import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importAdvisories, openAdvisoryDatabase } from "../advisories/index.js";
import { corpusPath } from "../testing/corpus.js";

/** Every OSV record folder of the corpus (Go, PyPI, GHSA and others). */
export const CORPUS_OSV_FOLDERS = ["go", "pypi", "ghsa-and-others"];

/**
 * Test support: imports the corpus OSV records into a fresh database in a temp folder and returns its path
 * and a cleanup function. Tests build it once per file (about a second).
 */
export async function buildCorpusDatabase(
  folders = CORPUS_OSV_FOLDERS,
): Promise<{ path: string; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "bulwark-scan-"));
  const path = join(dir, "advisories.db");
  const db = openAdvisoryDatabase({ db: path, create: true });
  try {
    await importAdvisories(
      db,
      folders.map((f) => corpusPath("osv", f)),
    );
  } finally {
    db.close();
  }
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
