import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { ExtractorEntry } from "../ecosystems/types.js";
import type { InventoryError } from "../model/inventory.js";
import { InventoryInputError } from "./errors.js";
import type { InventoryOptions } from "./options.js";
import { dropSuperseded } from "./supersede.js";
import { walk } from "./walk.js";

/** One file to read, and the extractors to read it with (registry entries: their parsers load when the job runs). */
export interface Job {
  absolute: string;
  /** Path shown to users and given to extractors. */
  shown: string;
  /** Folder that "/"-prefixed includes resolve from (the walked folder, or the file's own folder). */
  scanRoot: string;
  extractors: ExtractorEntry[];
  /** SBOM input of unknown format: the extractors are tried in turn and the first that reads it wins. */
  firstThatReads?: boolean;
}

interface Planner {
  extractors: ExtractorEntry[];
  sbomExtractors: ExtractorEntry[];
  options: InventoryOptions;
  errors: InventoryError[];
}

/**
 * Decides which files are read with which extractors: walks the folders, matches file names, drops
 * manifests that a lockfile supersedes, and adds the explicit `lockfiles` and `sbom` inputs. Throws
 * InventoryInputError for a path that does not exist or an unknown `lockfiles` format.
 */
export function planJobs(paths: string[], planner: Planner): Job[] {
  const jobs: Job[] = [];
  for (const given of paths) {
    const absolute = resolve(given);
    if (!existsSync(absolute)) {
      throw new InventoryInputError(`path not found: ${given}`, {
        hint: "give existing files or folders (default: the current folder)",
      });
    }
    if (statSync(absolute).isDirectory()) jobs.push(...planFolder(given, absolute, planner));
    else jobs.push(...planFile(given, absolute, planner));
  }
  for (const { format, path } of planner.options.lockfiles ?? []) {
    jobs.push(explicitJob(path, [findFormat(planner.extractors, format)], planner.options));
  }
  for (const path of planner.options.sbom ?? []) {
    const named = planner.sbomExtractors.filter(
      (e) => e.matches(toSlashes(path)) || e.matches(basename(path)),
    );
    const job = explicitJob(path, named.length > 0 ? named : planner.sbomExtractors, planner.options);
    if (job.extractors.length === 0) {
      planner.errors.push({ path: job.shown, message: "no SBOM reader is available in this build" });
      continue;
    }
    job.firstThatReads = named.length === 0;
    jobs.push(job);
  }
  return jobs;
}

function planFolder(given: string, absolute: string, { extractors, options, errors }: Planner): Job[] {
  const matching = (rel: string) => extractors.filter((e) => e.matches(rel));
  const files = walk(absolute, {
    exclude: options.exclude ?? [],
    respectGitignore: !options.includeIgnored,
    includeVendored: options.includeVendored ?? false,
    isCandidate: (rel) => extractors.some((e) => e.matches(rel)),
    onError: (rel, message) =>
      errors.push({ path: shownPath(options, join(absolute, rel), given, rel), message }),
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
      absolute: p.file.absolute,
      shown: shownPath(options, p.file.absolute, given, p.relative),
      scanRoot: absolute,
      extractors: [],
    };
    job.extractors.push(p.extractor);
    byFile.set(p.relative, job);
  }
  return [...byFile.values()];
}

function planFile(given: string, absolute: string, { extractors, options, errors }: Planner): Job[] {
  const byName = toSlashes(given).replace(/^(\.\/)+/, "");
  const matching = extractors.filter((e) => e.matches(byName) || e.matches(basename(absolute)));
  const shown = shownPath(options, absolute, given, "");
  if (matching.length === 0) {
    errors.push({
      path: shown,
      message:
        "no extractor recognises this file name; name its format with --lockfile TYPE:PATH (e.g. requirements.txt:deps.txt)",
    });
    return [];
  }
  return [{ absolute, shown, scanRoot: dirname(absolute), extractors: matching }];
}

function explicitJob(path: string, extractors: ExtractorEntry[], options: InventoryOptions): Job {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new InventoryInputError(`file not found: ${path}`, {
      hint: "check the path given to --lockfile/--sbom",
    });
  }
  return { absolute, shown: shownPath(options, absolute, path, ""), scanRoot: dirname(absolute), extractors };
}

/** The extractor of a `--lockfile` format (case-insensitive), or an error listing the known formats. */
function findFormat(extractors: ExtractorEntry[], format: string): ExtractorEntry {
  const wanted = format.toLowerCase();
  const found = extractors.find((e) => e.format.toLowerCase() === wanted);
  if (found) return found;
  const known = [...new Set(extractors.map((e) => e.format))].sort();
  throw new InventoryInputError(`unknown lockfile format "${format}"`, {
    hint: `use one of: ${known.join(", ")}`,
  });
}

/** The path shown for a file: relative to `root` when given, else the given path joined with the path inside it. */
function shownPath(options: InventoryOptions, absolute: string, given: string, rel: string): string {
  const path = options.root
    ? relative(resolve(options.root), absolute) || "."
    : rel
      ? join(given, rel)
      : given;
  return toSlashes(path);
}

function toSlashes(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
