/** How `inventory()` walks and reads its inputs. Every field is optional. */
export interface InventoryOptions {
  /** Files of any name parsed as the given format (the extractor's `format`, e.g. "package-lock.json"). */
  lockfiles?: { format: string; path: string }[];
  /** Files read as SBOM input (CycloneDX, SPDX), whatever their names. */
  sbom?: string[];
  /** Globs (picomatch; a pattern without "/" matches a base name anywhere) of paths not to read. */
  exclude?: string[];
  /** Read files that .gitignore files exclude (default false: .gitignore is respected). */
  includeIgnored?: boolean;
  /** Walk into node_modules, vendor, virtualenvs, .git and the like (default false). */
  includeVendored?: boolean;
  /** Files larger than this are reported as errors without being read (default 100 MiB). */
  maxFileBytes?: number;
  /** Folder that shown paths are relative to (default: paths are shown as given). */
  root?: string;
}

/** Default for `maxFileBytes`: lockfiles of the largest monorepos stay well below it. */
export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;
