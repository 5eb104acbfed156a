import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openAdvisoryDatabase } from "../advisories/index.js";
import { parseKevCatalogue } from "../prioritise/kev.js";
import { corpusPath } from "./corpus.js";

/**
 * Test support: an empty advisory database file in a temp folder (the file KEV and EPSS tables live in).
 * The one place these tests create an advisory database: adapt it when the advisory store's API changes.
 */
export async function emptyAdvisoryDatabase(): Promise<{ dir: string; path: string; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "bulwark-exploits-"));
  const path = join(dir, "advisories.db");
  await (await openAdvisoryDatabase({ path, mode: "write" })).close();
  return { dir, path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The real KEV catalogue of the corpus, parsed. */
export function corpusKev() {
  const file = corpusPath("kev", "known_exploited_vulnerabilities.json");
  return parseKevCatalogue(readFileSync(file, "utf8"), file);
}

/**
 * guac's real go.mod with two requirements moved back to versions the corpus records say are affected by
 * CVE-2023-44487 (HTTP/2 rapid reset, KEV-listed): golang.org/x/net v0.16.0 (indirect; fixed in 0.17.0) and
 * google.golang.org/grpc v1.56.2 (direct; fixed in 1.56.3). Returns the folder holding the copy.
 */
export function guacWithRapidReset(dir: string): string {
  const original = readFileSync(corpusPath("projects", "guac", "go.mod"), "utf8");
  const mutated = original
    .replace("golang.org/x/net v0.58.0 // indirect", "golang.org/x/net v0.16.0 // indirect")
    .replace("google.golang.org/grpc v1.83.0", "google.golang.org/grpc v1.56.2");
  if (mutated.split("\n").filter((l, i) => l !== original.split("\n")[i]).length !== 2)
    throw new Error("guac's go.mod changed: update guacWithRapidReset");
  const folder = join(dir, "guac-rapid-reset");
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "go.mod"), mutated);
  return folder;
}
