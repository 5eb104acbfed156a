import { realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Extractor } from "../ecosystems/types.js";
import type { InventoryError, InventorySource } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import type { Job } from "./plan.js";
import { readTextFile } from "./read-text.js";

/** What reading one file gave. */
export interface JobResult {
  packages: Package[];
  sources: InventorySource[];
  errors: InventoryError[];
}

/**
 * Reads one file and runs its extractors. Nothing escapes: an unreadable file, an extractor that throws
 * (whatever it throws) or an entry an extractor skipped all become errors against the file. `done` holds
 * "real path + format" pairs already read, so a file reached twice (symlinks, overlapping paths) is read once.
 * Each extractor's parser is loaded here, on first use (the registry caches it).
 */
export async function runJob(job: Job, maxBytes: number, done: Set<string>): Promise<JobResult> {
  const result: JobResult = { packages: [], sources: [], errors: [] };
  const real = realPath(job.absolute);
  const todo = job.extractors.filter((e) => !done.has(`${real}\u0000${e.format}`));
  if (todo.length === 0) return result;
  for (const e of todo) done.add(`${real}\u0000${e.format}`);
  let text: string;
  try {
    text = readTextFile(job.absolute, maxBytes);
  } catch (error) {
    result.errors.push({ path: job.shown, message: (error as Error).message });
    return result;
  }
  const failures: string[] = [];
  for (const entry of todo) {
    try {
      // inside the try: a parser module that fails to load is reported against the file like a failed parse
      await read(await entry.load(), job, text, maxBytes, result);
      if (job.firstThatReads) return result;
    } catch (error) {
      const err = error as (Error & { line?: number }) | undefined;
      const message = `${entry.format}: ${err?.message ?? String(error)}`;
      if (job.firstThatReads) failures.push(message);
      else result.errors.push(withLine({ path: job.shown, message }, err?.line));
    }
  }
  if (job.firstThatReads)
    result.errors.push({ path: job.shown, message: `not a readable SBOM: ${failures.join("; ")}` });
  return result;
}

async function read(
  extractor: Extractor,
  job: Job,
  text: string,
  maxBytes: number,
  into: JobResult,
): Promise<void> {
  const extracted = await extractor.extract({
    path: job.shown,
    text,
    readFile: async (p) => readNeighbour(job, p, maxBytes),
  });
  for (const pkg of extracted.packages) {
    if (pkg.locations.length === 0) pkg.locations = [{ path: job.shown }];
    into.packages.push(pkg);
  }
  for (const e of extracted.errors ?? []) into.errors.push({ ...e, path: e.path || job.shown });
  into.sources.push({ path: job.shown, format: extractor.format });
}

/** readFile of an extractor: relative to the file's folder, or to the scanned folder when it starts with "/". */
function readNeighbour(job: Job, path: string, maxBytes: number): string | undefined {
  const target = path.startsWith("/") ? join(job.scanRoot, path) : join(dirname(job.absolute), path);
  try {
    return readTextFile(target, maxBytes);
  } catch {
    return undefined;
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function withLine(error: InventoryError, line: number | undefined): InventoryError {
  return typeof line === "number" && line > 0 ? { ...error, line } : error;
}
