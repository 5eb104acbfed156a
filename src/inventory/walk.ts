import { createRequire } from "node:module";
import type { Ignore } from "ignore";
import { throwIfAborted } from "../model/errors.js";
import { type FileSource, joinSourcePath, type SourceEntry } from "./source.js";
import { isVendoredName, isVirtualenv } from "./vendored.js";

// ignore and picomatch (CommonJS) are required on first need only: most runs meet no exclude pattern and many
// no .gitignore, and loading them costs ~15 ms of every process start.
const require = createRequire(import.meta.url);
const loadPicomatch = () => require("picomatch") as typeof import("picomatch");
const loadIgnore = () => require("ignore") as typeof import("ignore");

/** A file found by the walk that some extractor wants to read. */
export interface WalkedFile {
  /** Path in the source. */
  path: string;
  /** "/"-separated path relative to the walked folder. */
  relative: string;
  /** What the file really is (its real path on disk), so one file reached twice is read once. */
  identity: string;
}

/** What the walk skips and how it reports what it cannot read. */
export interface WalkOptions {
  exclude: string[];
  respectGitignore: boolean;
  includeVendored: boolean;
  /** Whether a file at this relative path is worth reading (some extractor matches it). */
  isCandidate(relative: string): boolean;
  /** Called for folders and files that cannot be walked; the walk goes on. */
  onError(relative: string, message: string): void;
  signal?: AbortSignal;
}

interface IgnoreLayer {
  /** Folder holding the .gitignore, relative to the walked folder ("" = the walked folder). */
  base: string;
  rules: Ignore;
}

const GITIGNORE_MAX_BYTES = 1024 * 1024;

/**
 * Lists the candidate files under the folder `root` of a source, depth first in name order (deterministic).
 * Skips vendored folders, excluded and git-ignored paths; follows symbolic links but never walks a folder
 * twice, and reports a link that points back to one of its own ancestors as a loop. Checks `signal` before
 * each folder.
 */
export async function walk(source: FileSource, root: string, options: WalkOptions): Promise<WalkedFile[]> {
  const excluded = options.exclude.length
    ? loadPicomatch()(options.exclude, { dot: true, basename: true })
    : () => false;
  const files: WalkedFile[] = [];
  const visitedDirs = new Set<string>();

  const isSkipped = (rel: string, isDir: boolean, layers: IgnoreLayer[]): boolean => {
    if (excluded(rel)) return true;
    for (const layer of layers) {
      const inner = layer.base === "" ? rel : rel.slice(layer.base.length + 1);
      if (layer.rules.ignores(isDir ? `${inner}/` : inner)) return true;
    }
    return false;
  };

  const visit = async (
    dir: string,
    rel: string,
    identity: string,
    ancestors: Set<string>,
    layers: IgnoreLayer[],
  ) => {
    throwIfAborted(options.signal, "reading the project");
    visitedDirs.add(identity);
    let entries: SourceEntry[];
    try {
      entries = await source.list(dir);
    } catch (error) {
      options.onError(rel || ".", (error as Error).message);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (rel !== "" && !options.includeVendored && isVirtualenv(entries.map((e) => e.name))) return;
    let ownLayers = layers;
    if (options.respectGitignore && entries.some((e) => e.name === ".gitignore" && e.kind === "file")) {
      try {
        const text = await source.readText(joinSourcePath(dir, ".gitignore"), GITIGNORE_MAX_BYTES);
        ownLayers = [...layers, { base: rel, rules: loadIgnore()().add(text) }];
      } catch (error) {
        options.onError(rel ? `${rel}/.gitignore` : ".gitignore", (error as Error).message);
      }
    }
    const inner = new Set(ancestors).add(identity);
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childPath = joinSourcePath(dir, entry.name);
      if (entry.kind === "broken") {
        // A dangling link is only worth a word when it carries a name some extractor would read.
        if (/loop/.test(entry.problem ?? "") || options.isCandidate(childRel))
          options.onError(childRel, entry.problem ?? "cannot follow the symbolic link");
        continue;
      }
      if (entry.kind === "dir") {
        if (!options.includeVendored && isVendoredName(entry.name)) continue;
        if (isSkipped(childRel, true, ownLayers)) continue;
        if (inner.has(entry.identity)) {
          options.onError(
            childRel,
            `symbolic link loop: points back to its own ancestor folder ${entry.identity}; not followed`,
          );
          continue;
        }
        if (visitedDirs.has(entry.identity)) continue; // already walked under another name
        await visit(childPath, childRel, entry.identity, inner, ownLayers);
      } else if (
        entry.kind === "file" &&
        options.isCandidate(childRel) &&
        !isSkipped(childRel, false, ownLayers)
      ) {
        files.push({ path: childPath, relative: childRel, identity: entry.identity });
      }
    }
  };

  await visit(root, "", await source.identity(root), new Set(), []);
  return files;
}
