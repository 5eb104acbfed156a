import { posix } from "node:path";
import type { Extractor } from "../ecosystems/types.js";
import type { InventoryError, InventorySource } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import type { Job, NamedFailure } from "./plan.js";
import type { FileSource } from "./source.js";

/** What reading one file gave. */
export interface JobResult {
  packages: Package[];
  sources: InventorySource[];
  errors: InventoryError[];
  /** Why no extractor could read the file at all (the reason is in `errors`); undefined when one could. */
  failed?: NamedFailure["code"];
}

/**
 * Reads one file and runs its extractors. Nothing escapes: an unreadable file, an extractor that throws
 * (whatever it throws) or an entry an extractor skipped all become errors against the file. `done` holds
 * "identity + format" pairs already read, so a file reached twice (symlinks, overlapping paths) is read once.
 * Each extractor's parser is loaded here, on first use (the registry caches it).
 */
export async function runJob(
  source: FileSource,
  job: Job,
  maxBytes: number,
  done: Set<string>,
): Promise<JobResult> {
  const result: JobResult = { packages: [], sources: [], errors: [] };
  const todo = job.extractors.filter((e) => !done.has(`${job.identity}\u0000${e.format}`));
  if (todo.length === 0) return result;
  for (const e of todo) done.add(`${job.identity}\u0000${e.format}`);
  let text: string;
  try {
    text = await source.readText(job.path, maxBytes);
  } catch (error) {
    result.errors.push({ path: job.path, message: (error as Error).message });
    result.failed = "INPUT_UNREADABLE";
    return result;
  }
  const failures: string[] = [];
  for (const entry of todo) {
    try {
      // inside the try: a parser module that fails to load is reported against the file like a failed parse
      await read(await entry.load(), source, job, text, maxBytes, result);
      if (job.firstThatReads) return result;
    } catch (error) {
      const err = error as (Error & { line?: number; column?: number }) | undefined;
      const message = `${entry.format}: ${err?.message ?? String(error)}`;
      if (job.firstThatReads) failures.push(message);
      else result.errors.push(withPosition({ path: job.path, message }, err?.line, err?.column));
    }
  }
  if (job.firstThatReads)
    result.errors.push({ path: job.path, message: `not a readable SBOM: ${failures.join("; ")}` });
  if (result.sources.length === 0) result.failed = "PARSE_FAILED";
  return result;
}

async function read(
  extractor: Extractor,
  source: FileSource,
  job: Job,
  text: string,
  maxBytes: number,
  into: JobResult,
): Promise<void> {
  const extracted = await extractor.extract({
    path: job.path,
    text,
    readFile: (p) => readNeighbour(source, job, p, maxBytes),
  });
  for (const pkg of extracted.packages) {
    if (pkg.locations.length === 0) pkg.locations = [{ path: job.path }];
    into.packages.push(pkg);
  }
  for (const e of extracted.errors ?? []) into.errors.push({ ...e, path: e.path || job.path });
  into.sources.push({ path: job.path, format: extractor.format });
}

/** readFile of an extractor: relative to the file's folder, or to the scanned folder when it starts with "/". */
async function readNeighbour(
  source: FileSource,
  job: Job,
  path: string,
  maxBytes: number,
): Promise<string | undefined> {
  const from = path.startsWith("/") ? job.scanRoot : posix.dirname(job.path);
  const target = posix.normalize(posix.join(from === "." ? "" : from, path.replace(/^\/+/, "")));
  try {
    return await source.readText(target === "." ? "" : target, maxBytes);
  } catch {
    return undefined;
  }
}

function withPosition(
  error: InventoryError,
  line: number | undefined,
  column: number | undefined,
): InventoryError {
  if (typeof line !== "number" || line <= 0) return error;
  return typeof column === "number" && column > 0 ? { ...error, line, column } : { ...error, line };
}
