import type { FileSource } from "./source.js";

/** How `inventory()` walks and reads its inputs. Every field is optional. */
export interface InventoryOptions {
  /** Globs (picomatch; a pattern without "/" matches a base name anywhere) of paths not to read. */
  exclude?: string[];
  /** Read files that .gitignore files exclude (default false: .gitignore is respected). */
  includeIgnored?: boolean;
  /** Walk into node_modules, vendor, virtualenvs, .git and the like (default false). */
  includeVendored?: boolean;
  /** Files larger than this are reported as errors without being read (default 100 MiB). */
  maxFileBytes?: number;
  /** Stops the work (an AbortedError) at the next file or folder. */
  signal?: AbortSignal;
  /** Told after each file is read: how many of the files planned are done (for a progress display). */
  onProgress?: (done: number, total: number) => void;
}

/** What to read from a source: folders to walk and files to read, by "/"-separated path in the source. */
export interface InventoryRequest {
  source: FileSource;
  /** Folders are walked; files are read by the extractors their names match ("" is the source's root). */
  paths?: string[];
  /** Files of any name parsed as the given format (the extractor's `format`, e.g. "package-lock.json"). */
  lockfiles?: { format: string; path: string }[];
  /** Files read as SBOM input (CycloneDX, SPDX), whatever their names. */
  sbom?: string[];
}

/** Inputs on disk, by path (absolute, or relative to the current folder) — the command line's view. */
export interface DiskInventoryOptions extends InventoryOptions {
  /** Files of any name parsed as the given format. */
  lockfiles?: { format: string; path: string }[];
  /** Files read as SBOM input, whatever their names. */
  sbom?: string[];
  /**
   * Folder that shown paths are relative to. Default: the deepest folder holding every input, so the same
   * project gives the same paths (and SBOMs) from whatever folder Bulwark runs in.
   */
  root?: string;
}

/** Default for `maxFileBytes`: lockfiles of the largest monorepos stay well below it. */
export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;
