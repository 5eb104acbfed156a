import { allExtractors } from "../ecosystems/index.js";
import type { Inventory, InventoryError, InventorySource } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import { sbomExtractors } from "../sbom/extractors.js";
import { mergePackages } from "./merge.js";
import { DEFAULT_MAX_FILE_BYTES, type InventoryOptions } from "./options.js";
import { planJobs } from "./plan.js";
import { runJob } from "./run-job.js";

export { InventoryInputError } from "./errors.js";
export { type InventoryJson, type InventoryJsonPackage, inventoryToJson } from "./json.js";
export { comparePackages, mergePackages } from "./merge.js";
export { DEFAULT_MAX_FILE_BYTES, type InventoryOptions } from "./options.js";

/**
 * Finds every package in the given files and folders: walks folders (respecting .gitignore, skipping
 * vendored folders), reads each lockfile, manifest, OS database and SBOM with the extractors that recognise
 * it, and merges the results (one entry per package URL, sorted). A file that cannot be read becomes an
 * entry of `errors` and the other files are still read. Throws InventoryInputError when a given path does
 * not exist or a `lockfiles` format is unknown.
 */
export async function inventory(paths: string[], options: InventoryOptions = {}): Promise<Inventory> {
  const errors: InventoryError[] = [];
  const jobs = planJobs(paths, {
    extractors: [...allExtractors(), ...sbomExtractors],
    sbomExtractors,
    options,
    errors,
  });
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const found: Package[] = [];
  const sources: InventorySource[] = [];
  const done = new Set<string>();
  for (const job of jobs) {
    const result = await runJob(job, maxBytes, done);
    found.push(...result.packages);
    sources.push(...result.sources);
    errors.push(...result.errors);
  }
  return {
    packages: mergePackages(found),
    sources: sources.sort((a, b) => cmp(a.path, b.path) || cmp(a.format, b.format)),
    errors: errors.sort((a, b) => cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0)),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
