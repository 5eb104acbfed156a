import { type Dirent, readdirSync, realpathSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Ignore } from "ignore";
import { describeFsError, readTextFile } from "./read-text.js";
import { isVendoredName, isVirtualenv } from "./vendored.js";

// ignore and picomatch (CommonJS) are required on first need only: most runs meet no exclude pattern and many
// no .gitignore, and loading them costs ~15 ms of every process start.
const require = createRequire(import.meta.url);
const loadPicomatch = () => require("picomatch") as typeof import("picomatch");
const loadIgnore = () => require("ignore") as typeof import("ignore");

/** A file found by the walk that some extractor wants to read. */
export interface WalkedFile {
  absolute: string;
  /** "/"-separated path relative to the walked folder. */
  relative: string;
  /** The file's real path (symlinks resolved), so one file reached twice is read once. */
  real: string;
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
}

interface IgnoreLayer {
  /** Folder holding the .gitignore, relative to the walked folder ("" = the walked folder). */
  base: string;
  rules: Ignore;
}

const GITIGNORE_MAX_BYTES = 1024 * 1024;

/**
 * Lists the candidate files under `root`, depth first in name order (deterministic). Skips vendored folders,
 * excluded and git-ignored paths; follows symbolic links but never walks a folder twice, and reports a link
 * that points back to one of its own ancestors as a loop.
 */
export function walk(root: string, options: WalkOptions): WalkedFile[] {
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

  const visit = (abs: string, rel: string, real: string, ancestors: Set<string>, layers: IgnoreLayer[]) => {
    visitedDirs.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (error) {
      options.onError(rel || ".", `cannot list the folder: ${describeFsError(error)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (rel !== "" && !options.includeVendored && isVirtualenv(entries.map((e) => e.name))) return;
    let ownLayers = layers;
    if (options.respectGitignore && entries.some((e) => e.name === ".gitignore" && !e.isDirectory())) {
      try {
        const rules = loadIgnore()().add(readTextFile(join(abs, ".gitignore"), GITIGNORE_MAX_BYTES));
        ownLayers = [...layers, { base: rel, rules }];
      } catch (error) {
        options.onError(rel ? `${rel}/.gitignore` : ".gitignore", (error as Error).message);
      }
    }
    const inner = new Set(ancestors).add(real);
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childAbs = join(abs, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let childReal = `${real}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(childAbs);
          isDir = target.isDirectory();
          isFile = target.isFile();
          childReal = realpathSync(childAbs);
        } catch (error) {
          // A dangling link is only worth a word when it carries a name some extractor would read.
          const code = (error as NodeJS.ErrnoException).code;
          if (code === "ELOOP" || options.isCandidate(childRel)) {
            options.onError(childRel, `cannot follow the symbolic link: ${describeFsError(error)}`);
          }
          continue;
        }
      }
      if (isDir) {
        if (!options.includeVendored && isVendoredName(entry.name)) continue;
        if (isSkipped(childRel, true, ownLayers)) continue;
        if (inner.has(childReal)) {
          options.onError(
            childRel,
            `symbolic link loop: points back to its own ancestor folder ${childReal}; not followed`,
          );
          continue;
        }
        if (visitedDirs.has(childReal)) continue; // already walked under another name
        visit(childAbs, childRel, childReal, inner, ownLayers);
      } else if (isFile && options.isCandidate(childRel) && !isSkipped(childRel, false, ownLayers)) {
        files.push({ absolute: childAbs, relative: childRel, real: childReal });
      }
    }
  };

  visit(root, "", realpathSync(root), new Set(), []);
  return files;
}
