import { posix } from "node:path";
import type { ExtractorEntry } from "../ecosystems/types.js";
import type { InventoryError } from "../model/inventory.js";
import { InventoryInputError } from "./errors.js";
import type { InventoryOptions, InventoryRequest } from "./options.js";
import type { FileSource } from "./source.js";
import { sourceDirname } from "./source.js";
import { dropSuperseded } from "./supersede.js";
import { walk } from "./walk.js";

/** One file to read, and the extractors to read it with (registry entries: their parsers load when the job runs). */
export interface Job {
  /** Path in the source; also the path shown to users and given to extractors. */
  path: string;
  /** What the file really is, so a file reached twice is read once. */
  identity: string;
  /** Folder that "/"-prefixed neighbour reads resolve from (the walked folder, or the file's own folder). */
  scanRoot: string;
  extractors: ExtractorEntry[];
  /** SBOM input of unknown format: the extractors are tried in turn and the first that reads it wins. */
  firstThatReads?: boolean;
  /** The user named this file: when it cannot be read at all, the inventory fails instead of warning. */
  named: boolean;
}

interface Planner {
  extractors: ExtractorEntry[];
  sbomExtractors: ExtractorEntry[];
  options: InventoryOptions;
  errors: InventoryError[];
  /** Inputs the user named that cannot be read: the inventory fails with them. */
  namedFailures: NamedFailure[];
}

/** A named input that cannot be read at all, and why (an error code). */
export interface NamedFailure {
  error: InventoryError;
  code: "INPUT_UNREADABLE" | "PARSE_FAILED" | "UNKNOWN_FORMAT";
}

/**
 * Decides which files are read with which extractors: walks the folders, matches file names, drops
 * manifests that a lockfile supersedes, and adds the explicit `lockfiles` and `sbom` inputs. Throws
 * InventoryInputError for a path that does not exist or an unknown `lockfiles` format.
 */
export async function planJobs(request: InventoryRequest, planner: Planner): Promise<Job[]> {
  const { source } = request;
  const jobs: Job[] = [];
  for (const path of request.paths ?? []) {
    const kind = await source.kind(path);
    if (kind === "dir") jobs.push(...(await planFolder(source, path, planner)));
    else if (kind === "file") jobs.push(...(await planFile(source, path, planner)));
    else throw notFound(path, "give existing files or folders");
  }
  for (const { format, path } of request.lockfiles ?? []) {
    jobs.push(await explicitJob(source, path, [findFormat(planner.extractors, format)]));
  }
  for (const path of request.sbom ?? []) {
    const named = planner.sbomExtractors.filter((e) => e.matches(path) || e.matches(posix.basename(path)));
    const job = await explicitJob(source, path, named.length > 0 ? named : planner.sbomExtractors);
    if (job.extractors.length === 0) {
      planner.errors.push({ path, message: "no SBOM reader is available in this build" });
      continue;
    }
    job.firstThatReads = named.length === 0;
    jobs.push(job);
  }
  return jobs;
}

async function planFolder(source: FileSource, folder: string, { extractors, options, errors }: Planner) {
  const matching = (rel: string) => extractors.filter((e) => e.matches(rel));
  const inFolder = (rel: string) => (folder === "" ? rel : `${folder}/${rel}`);
  const files = await walk(source, folder, {
    exclude: options.exclude ?? [],
    respectGitignore: !options.includeIgnored,
    includeVendored: options.includeVendored ?? false,
    isCandidate: (rel) => extractors.some((e) => e.matches(rel)),
    onError: (rel, message) => errors.push({ path: rel === "." ? folder || "." : inFolder(rel), message }),
    signal: options.signal,
  });
  const planned = files.flatMap((file) =>
    matching(file.relative).map((extractor) => ({
      relative: file.relative,
      format: extractor.format,
      file,
      extractor,
    })),
  );
  const byFile = new Map<string, Job>();
  for (const p of dropSuperseded(planned)) {
    const job = byFile.get(p.relative) ?? {
      path: p.file.path,
      identity: p.file.identity,
      scanRoot: folder,
      extractors: [],
      named: false,
    };
    job.extractors.push(p.extractor);
    byFile.set(p.relative, job);
  }
  return [...byFile.values()];
}

async function planFile(source: FileSource, path: string, planner: Planner): Promise<Job[]> {
  const matching = planner.extractors.filter((e) => e.matches(path) || e.matches(posix.basename(path)));
  if (matching.length === 0) {
    planner.namedFailures.push({
      code: "UNKNOWN_FORMAT",
      error: {
        path,
        message: "no extractor recognises this file name; give it as a lockfile of a named format",
      },
    });
    return [];
  }
  return [await namedJob(source, path, matching)];
}

async function explicitJob(source: FileSource, path: string, extractors: ExtractorEntry[]): Promise<Job> {
  const kind = await source.kind(path);
  if (kind !== "file" && kind !== "other")
    throw notFound(path, "check the paths given as lockfiles and SBOMs");
  return namedJob(source, path, extractors);
}

async function namedJob(source: FileSource, path: string, extractors: ExtractorEntry[]): Promise<Job> {
  return {
    path,
    identity: await source.identity(path),
    scanRoot: sourceDirname(path),
    extractors,
    named: true,
  };
}

function notFound(path: string, hint: string): InventoryInputError {
  return new InventoryInputError(`path not found: ${path || "."}`, { details: { path }, hint });
}

/** The extractor of a `lockfiles` format (case-insensitive), or an error listing the known formats. */
function findFormat(extractors: ExtractorEntry[], format: string): ExtractorEntry {
  const wanted = format.toLowerCase();
  const found = extractors.find((e) => e.format.toLowerCase() === wanted);
  if (found) return found;
  const known = [...new Set(extractors.map((e) => e.format))].sort();
  throw new InventoryInputError(`unknown lockfile format "${format}"`, {
    code: "UNKNOWN_FORMAT",
    details: { format, known },
    hint: `use one of: ${known.join(", ")}`,
  });
}
