import { stat } from "node:fs/promises";
import { dirname, relative, resolve, sep } from "node:path";
import { allExtractors } from "../ecosystems/index.js";
import { throwIfAborted } from "../model/errors.js";
import type { Inventory, InventoryError, InventorySource } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import { createYielder } from "../runtime/yield.js";
import { sbomExtractors } from "../sbom/extractors.js";
import { DiskSource } from "./disk-source.js";
import { InventoryInputError } from "./errors.js";
import { mergePackages } from "./merge.js";
import {
  DEFAULT_MAX_FILE_BYTES,
  type DiskInventoryOptions,
  type InventoryOptions,
  type InventoryRequest,
} from "./options.js";
import { type NamedFailure, planJobs } from "./plan.js";
import { runJob } from "./run-job.js";

export { DiskSource } from "./disk-source.js";
export { InventoryInputError } from "./errors.js";
export { type InventoryJson, type InventoryJsonPackage, inventoryToJson } from "./json.js";
export { MemorySource } from "./memory-source.js";
export { comparePackages, mergePackages } from "./merge.js";
export {
  DEFAULT_MAX_FILE_BYTES,
  type DiskInventoryOptions,
  type InventoryOptions,
  type InventoryRequest,
} from "./options.js";
export type { EntryKind, FileSource, SourceEntry } from "./source.js";

/**
 * Finds every package in a source's files and folders: walks folders (respecting .gitignore, skipping
 * vendored folders), reads each lockfile, manifest, OS database and SBOM with the extractors that recognise
 * it, and merges the results (one entry per package URL, sorted). Paths in the result are the source's.
 * A file found by walking that cannot be read becomes an entry of `errors` and the other files are still read;
 * a file the request names that cannot be read at all fails the whole inventory (InventoryInputError with
 * code INPUT_UNREADABLE or PARSE_FAILED), as does a path that does not exist (INPUT_NOT_FOUND) or an unknown
 * `lockfiles` format (UNKNOWN_FORMAT).
 */
export async function inventorySource(
  request: InventoryRequest,
  options: InventoryOptions = {},
): Promise<Inventory> {
  const errors: InventoryError[] = [];
  const namedFailures: NamedFailure[] = [];
  const jobs = await planJobs(request, {
    extractors: [...allExtractors(), ...sbomExtractors],
    sbomExtractors,
    options,
    errors,
    namedFailures,
  });
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const found: Package[] = [];
  const sources: InventorySource[] = [];
  const done = new Set<string>();
  // A source in memory answers without a turn of the event loop: give one between files (see createYielder).
  const pause = createYielder();
  for (const [index, job] of jobs.entries()) {
    await pause();
    throwIfAborted(options.signal, "reading the project");
    const result = await runJob(request.source, job, maxBytes, done);
    options.onProgress?.(index + 1, jobs.length);
    found.push(...result.packages);
    sources.push(...result.sources);
    if (job.named && result.failed)
      namedFailures.push(...result.errors.map((error) => ({ error, code: result.failed! })));
    else errors.push(...result.errors);
  }
  if (namedFailures.length > 0) throw namedInputError(namedFailures);
  await pause();
  return {
    packages: mergePackages(found),
    sources: sources.sort((a, b) => cmp(a.path, b.path) || cmp(a.format, b.format)),
    errors: errors.sort((a, b) => cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0)),
  };
}

/**
 * The inventory of files and folders on disk (the command line's view): paths as given, absolute or
 * relative to the current folder. Shown paths are relative to `root` (default: the deepest folder holding
 * every input), so a project gives the same result from wherever it is read.
 */
export async function inventory(paths: string[], options: DiskInventoryOptions = {}): Promise<Inventory> {
  const given = [
    ...paths.map((p) => ({ path: p, folderOk: true })),
    ...(options.lockfiles ?? []).map((l) => ({ path: l.path, folderOk: false })),
    ...(options.sbom ?? []).map((p) => ({ path: p, folderOk: false })),
  ];
  const folders: string[] = [];
  for (const { path, folderOk } of given) {
    const absolute = resolve(path);
    const kind = await stat(absolute).then(
      (s) => (s.isDirectory() ? "dir" : "file"),
      () => "missing",
    );
    if (kind === "missing" || (kind === "dir" && !folderOk))
      throw new InventoryInputError(`${kind === "dir" ? "not a file" : "path not found"}: ${path}`, {
        details: { path },
        hint: kind === "dir" ? "name a file here, not a folder" : "give existing files or folders",
      });
    folders.push(kind === "dir" ? absolute : dirname(absolute));
  }
  const root = options.root ? resolve(options.root) : commonFolder(folders.length ? folders : [resolve(".")]);
  const inRoot = (p: string) => toSlashes(relative(root, resolve(p)));
  return inventorySource(
    {
      source: new DiskSource(root),
      paths: paths.map(inRoot),
      lockfiles: options.lockfiles?.map((l) => ({ format: l.format, path: inRoot(l.path) })),
      sbom: options.sbom?.map(inRoot),
    },
    options,
  );
}

/** The deepest folder that holds all the given absolute folders. */
export function commonFolder(folders: string[]): string {
  let common = folders[0]!.split(sep);
  for (const f of folders.slice(1)) {
    const parts = f.split(sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(sep) || sep;
}

function namedInputError(failures: NamedFailure[]): InventoryInputError {
  const where = (e: InventoryError) => `${e.path}${e.line ? `:${e.line}` : ""}`;
  const message =
    failures.length === 1
      ? `cannot read ${where(failures[0]!.error)}: ${failures[0]!.error.message}`
      : `cannot read ${failures.length} of the inputs named: ${failures.map((f) => `${where(f.error)}: ${f.error.message}`).join("; ")}`;
  // the most telling code: a parse failure over an unknown format over an unreadable file
  const codes = new Set(failures.map((f) => f.code));
  const code = (["PARSE_FAILED", "UNKNOWN_FORMAT", "INPUT_UNREADABLE"] as const).find((c) => codes.has(c));
  return new InventoryInputError(message, {
    code,
    details: { failures: failures.map((f) => ({ ...f.error, code: f.code })) },
    hint: "a file named explicitly must be readable in the format it is read as",
  });
}

function toSlashes(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
