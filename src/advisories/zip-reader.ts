import { type UnzipFileInfo, unzipSync } from "fflate";
import { ImportSourceError } from "./errors.js";

/** Limits that stop decompression bombs; every size is of decompressed content. */
export interface ZipLimits {
  /** Largest single entry (default 64 MiB; the largest real OSV records are a few MiB). */
  maxEntryBytes: number;
  /** Largest total of all entries (default 16 GiB). */
  maxTotalBytes: number;
  /** Largest decompressed/compressed ratio of an entry bigger than 1 MiB (default 200; OSV JSON is ~10). */
  maxRatio: number;
  /** Decompressed bytes held in memory at once while reading (default 128 MiB). */
  batchBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 16 * 1024 * 1024 * 1024,
  maxRatio: 200,
  batchBytes: 128 * 1024 * 1024,
};

const RATIO_CHECK_FROM = 1024 * 1024;

/** Whether a zip entry name would escape the extraction folder (absolute, drive letter, `..`, NUL). */
export function isUnsafeEntryName(name: string): boolean {
  if (name.includes("\u0000")) return true;
  const normal = name.replaceAll("\\", "/");
  if (normal.startsWith("/") || /^[a-zA-Z]:/.test(normal)) return true;
  return normal.split("/").some((part) => part === "..");
}

/**
 * Reads the entries of a zip archive, calling `onEntry` for each file (directories skipped), in archive
 * order. All names and declared sizes are checked before anything is decompressed: a path-traversal name,
 * an entry or total over the limits, or an entry whose compression ratio betrays a bomb aborts with an
 * ImportSourceError naming `label`. Entries are decompressed in batches so memory stays bounded.
 */
export function readZipEntries(
  data: Uint8Array,
  label: string,
  onEntry: (name: string, content: Uint8Array) => void,
  limits: Partial<ZipLimits> = {},
): void {
  const lim = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const entries: UnzipFileInfo[] = [];
  scan(data, label, (info) => {
    entries.push(info);
    return false;
  });
  let total = 0;
  for (const e of entries) {
    if (isUnsafeEntryName(e.name))
      throw new ImportSourceError(label, `zip entry "${e.name}" has an unsafe path (path traversal)`);
    if (e.originalSize > lim.maxEntryBytes)
      throw new ImportSourceError(
        label,
        `zip entry "${e.name}" would decompress to ${e.originalSize} bytes, over the ${lim.maxEntryBytes}-byte limit (decompression bomb?)`,
      );
    if (e.originalSize >= RATIO_CHECK_FROM && e.originalSize > lim.maxRatio * Math.max(e.size, 1))
      throw new ImportSourceError(
        label,
        `zip entry "${e.name}" has a compression ratio of ${Math.round(e.originalSize / Math.max(e.size, 1))}:1, over the ${lim.maxRatio}:1 limit (decompression bomb?)`,
      );
    total += e.originalSize;
    if (total > lim.maxTotalBytes)
      throw new ImportSourceError(
        label,
        `the archive would decompress to more than ${lim.maxTotalBytes} bytes (decompression bomb?)`,
      );
  }
  const files = entries.filter((e) => !e.name.endsWith("/"));
  for (let start = 0; start < files.length; ) {
    const batch = new Set<string>();
    let bytes = 0;
    while (
      start < files.length &&
      (batch.size === 0 || bytes + files[start]!.originalSize <= lim.batchBytes)
    ) {
      bytes += files[start]!.originalSize;
      batch.add(files[start]!.name);
      start++;
    }
    const out = scan(data, label, (info) => batch.has(info.name));
    for (const name of batch) {
      const content = out[name];
      if (!content) continue;
      onEntry(name, content);
    }
  }
}

function scan(
  data: Uint8Array,
  label: string,
  filter: (info: UnzipFileInfo) => boolean,
): Record<string, Uint8Array> {
  try {
    return unzipSync(data, { filter });
  } catch (error) {
    if (error instanceof ImportSourceError) throw error;
    throw new ImportSourceError(label, `not a readable zip archive (${(error as Error).message})`, {
      cause: error,
    });
  }
}
