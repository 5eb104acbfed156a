import { existsSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { allExtractors } from "../ecosystems/index.js";
import type { ExtractInput, Extractor } from "../ecosystems/types.js";
import type { Inventory, InventoryError, InventorySource } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import { sbomExtractors } from "../sbom/extractors.js";
import { InventoryInputError } from "./errors.js";
import { mergePackages } from "./merge.js";
import { DEFAULT_MAX_FILE_BYTES, type InventoryOptions } from "./options.js";
import { readTextFile } from "./read-text.js";
import { dropSuperseded } from "./supersede.js";
import { walk } from "./walk.js";

export { InventoryInputError } from "./errors.js";
export { type InventoryJson, type InventoryJsonPackage, inventoryToJson } from "./json.js";
export { comparePackages, mergePackages } from "./merge.js";
export { DEFAULT_MAX_FILE_BYTES, type InventoryOptions } from "./options.js";

/** One file to read with one extractor. */
interface Job {
  absolute: string;
  /** Path shown to users. */
  shown: string;
  /** Folder that "/"-prefixed includes resolve from. */
  scanRoot: string;
  extractors: Extractor[];
  /** SBOM input of unknown format: try each extractor until one reads it. */
  firstThatReads?: boolean;
}

/**
 * Finds every package in the given files and folders: walks folders (respecting .gitignore, skipping
 * vendored folders), reads each lockfile, manifest, OS database and SBOM with the extractors that recognise
 * it, and merges the results (one entry per package URL, sorted). A file that cannot be read becomes an
 * entry of `errors` and the other files are still read. Throws InventoryInputError when a given path does
 * not exist or a `lockfiles` format is unknown.
 */
export async function inventory(paths: string[], options: InventoryOptions = {}): Promise<Inventory> {
  const extractors = [...allExtractors(), ...sbomExtractors];
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const errors: InventoryError[] = [];
  const show = (absolute: string, given: string, rel: string) =>
    toSlashes(
      options.root ? relative(resolve(options.root), absolute) || "." : rel ? join(given, rel) : given,
    );

  const jobs: Job[] = [];
  for (const given of paths) {
    const absolute = resolve(given);
    if (!existsSync(absolute)) {
      throw new InventoryInputError(`path not found: ${given}`, {
        hint: "give existing files or folders (default: the current folder)",
      });
    }
    if (statSync(absolute).isDirectory()) {
      const matching = (rel: string) => extractors.filter((e) => e.matches(rel));
      const files = walk(absolute, {
        exclude: options.exclude ?? [],
        respectGitignore: !(options.includeIgnored || options.noIgnore),
        includeVendored: options.includeVendored ?? false,
        isCandidate: (rel) => extractors.some((e) => e.matches(rel)),
        onError: (rel, message) => errors.push({ path: show(join(absolute, rel), given, rel), message }),
      });
      const planned = files.flatMap((f) =>
        matching(f.relative).map((e) => ({ relative: f.relative, format: e.format, file: f, extractor: e })),
      );
      const kept = new Set(dropSuperseded(planned));
      for (const p of planned) {
        if (!kept.has(p)) continue;
        jobs.push({
          absolute: p.file.absolute,
          shown: show(p.file.absolute, given, p.relative),
          scanRoot: absolute,
          extractors: [p.extractor],
        });
      }
    } else {
      const byName = toSlashes(given).replace(/^(\.\/)+/, "");
      const matching = extractors.filter((e) => e.matches(byName) || e.matches(basename(absolute)));
      const shown = show(absolute, given, "");
      if (matching.length === 0) {
        errors.push({
          path: shown,
          message:
            "no extractor recognises this file name; name its format with --lockfile TYPE:PATH (e.g. requirements.txt:deps.txt)",
        });
      }
      for (const e of matching) jobs.push({ absolute, shown, scanRoot: dirname(absolute), extractors: [e] });
    }
  }
  for (const { format, path } of options.lockfiles ?? []) {
    const extractor = findFormat(extractors, format);
    jobs.push(explicitJob(path, [extractor], show(resolve(path), path, "")));
  }
  for (const path of options.sbom ?? []) {
    const matching = sbomExtractors.filter((e) => e.matches(toSlashes(path)) || e.matches(basename(path)));
    const job = explicitJob(path, matching.length ? matching : sbomExtractors, show(resolve(path), path, ""));
    job.firstThatReads = matching.length === 0;
    if (job.extractors.length === 0) {
      errors.push({ path: job.shown, message: "no SBOM reader is available in this build" });
      continue;
    }
    jobs.push(job);
  }

  const found: Package[] = [];
  const sources: InventorySource[] = [];
  const done = new Set<string>();
  for (const job of jobs) {
    let text: string;
    try {
      text = readTextFile(job.absolute, maxBytes);
    } catch (error) {
      errors.push({ path: job.shown, message: (error as Error).message });
      continue;
    }
    const failures: string[] = [];
    for (const extractor of job.extractors) {
      const key = `${realPath(job.absolute)}\u0000${extractor.format}`;
      if (done.has(key)) continue;
      done.add(key);
      const input: ExtractInput = {
        path: job.shown,
        text,
        readFile: (p) => readNeighbour(job, p, maxBytes),
      };
      try {
        const result = extractor.extract(input);
        for (const pkg of result.packages) {
          if (pkg.locations.length === 0) pkg.locations = [{ path: job.shown }];
          found.push(pkg);
        }
        for (const e of result.errors ?? []) errors.push({ ...e, path: e.path || job.shown });
        sources.push({ path: job.shown, format: extractor.format });
        if (job.firstThatReads) break;
      } catch (error) {
        const err = error as Error & { line?: number };
        const message = `${extractor.format}: ${err?.message ?? String(error)}`;
        if (job.firstThatReads) {
          failures.push(message);
          continue;
        }
        errors.push(withLine({ path: job.shown, message }, err?.line));
      }
    }
    if (job.firstThatReads && failures.length === job.extractors.length) {
      errors.push({ path: job.shown, message: `not a readable SBOM: ${failures.join("; ")}` });
    }
  }

  return {
    packages: mergePackages(found),
    sources: sources.sort((a, b) => cmp(a.path, b.path) || cmp(a.format, b.format)),
    errors: errors.sort((a, b) => cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0)),
  };

  function explicitJob(path: string, chosen: Extractor[], shown: string): Job {
    const absolute = resolve(path);
    if (!existsSync(absolute)) {
      throw new InventoryInputError(`file not found: ${path}`, {
        hint: "check the path given to --lockfile/--sbom",
      });
    }
    return { absolute, shown, scanRoot: dirname(absolute), extractors: chosen };
  }
}

/** The extractor of a `--lockfile` format (case-insensitive), or an error listing the known formats. */
function findFormat(extractors: Extractor[], format: string): Extractor {
  const wanted = format.toLowerCase();
  const found = extractors.find((e) => e.format.toLowerCase() === wanted);
  if (found) return found;
  const known = [...new Set(extractors.map((e) => e.format))].sort();
  throw new InventoryInputError(`unknown lockfile format "${format}"`, {
    hint: `use one of: ${known.join(", ")}`,
  });
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

function toSlashes(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
