import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";

/** Why a file could not be read as text; the inventory reports it against the file. */
export class UnreadableFileError extends Error {}

/**
 * Reads a file as UTF-8 text, refusing files larger than `maxBytes` (checked on the open descriptor before
 * reading, so a huge file is never loaded) and files containing NUL bytes (binary data under a lockfile's
 * name). A leading byte-order mark is dropped.
 */
export function readTextFile(path: string, maxBytes: number): string {
  let fd: number;
  try {
    // Only regular files: opening a FIFO or device would block or never end.
    const kind = statSync(path);
    if (kind.isDirectory()) throw new UnreadableFileError("is a folder, not a file");
    if (!kind.isFile())
      throw new UnreadableFileError("is not a regular file (device, FIFO or socket); not read");
    fd = openSync(path, "r");
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(`cannot read the file: ${describeFsError(error)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UnreadableFileError("is a folder, not a file");
    if (stat.size > maxBytes) {
      throw new UnreadableFileError(
        `the file is ${formatBytes(stat.size)}, larger than the limit of ${formatBytes(maxBytes)}; not read`,
      );
    }
    const buffer = Buffer.allocUnsafe(stat.size);
    let filled = 0;
    while (filled < stat.size) {
      const n = readSync(fd, buffer, filled, stat.size - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    const bytes = buffer.subarray(0, filled);
    const nul = bytes.indexOf(0);
    if (nul >= 0) throw new UnreadableFileError(`binary data (NUL byte at offset ${nul}), not a text file`);
    const text = bytes.toString("utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(`cannot read the file: ${describeFsError(error)}`);
  } finally {
    closeSync(fd);
  }
}

/** "permission denied (EACCES)" rather than node's "EACCES: permission denied, open '/x'". */
export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const reason: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOENT: "no such file or folder",
    ELOOP: "too many levels of symbolic links (a symlink loop)",
    EISDIR: "is a folder",
    ENOTDIR: "a part of the path is not a folder",
  };
  if (e?.code && reason[e.code]) return `${reason[e.code]} (${e.code})`;
  return e?.message ?? String(error);
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
