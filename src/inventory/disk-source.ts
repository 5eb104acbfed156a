import { lstat, open, readdir, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import {
  decodeText,
  type EntryKind,
  type FileSource,
  type SourceEntry,
  SourceError,
  tooLarge,
} from "./source.js";

/** A folder on disk as a FileSource. Symbolic links are followed; their targets may lie outside the root. */
export class DiskSource implements FileSource {
  readonly description: string;

  /** @param root absolute path of the folder the source's paths are relative to */
  constructor(readonly root: string) {
    this.description = `the folder ${root}`;
  }

  /** The absolute path of a source path. */
  absolute(path: string): string {
    return path === "" ? this.root : join(this.root, ...path.split("/"));
  }

  async kind(path: string): Promise<EntryKind> {
    try {
      return kindOf(await stat(this.absolute(path)));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") {
        // a dangling link exists but cannot be followed
        return (await lstat(this.absolute(path)).catch(() => undefined)) ? "broken" : "missing";
      }
      return code === "ELOOP" ? "broken" : "other";
    }
  }

  async identity(path: string): Promise<string> {
    return realpath(this.absolute(path)).catch(() => this.absolute(path));
  }

  async list(dir: string): Promise<SourceEntry[]> {
    const abs = this.absolute(dir);
    let dirents: import("node:fs").Dirent[];
    let base: string;
    try {
      [dirents, base] = await Promise.all([readdir(abs, { withFileTypes: true }), realpath(abs)]);
    } catch (error) {
      throw new SourceError(`cannot list the folder: ${describeFsError(error)}`);
    }
    const entries: SourceEntry[] = [];
    for (const d of dirents) {
      const childAbs = join(abs, d.name);
      if (!d.isSymbolicLink()) {
        const kind: EntryKind = d.isDirectory() ? "dir" : d.isFile() ? "file" : "other";
        entries.push({ name: d.name, kind, identity: `${base}${sep}${d.name}` });
        continue;
      }
      try {
        const [target, real] = await Promise.all([stat(childAbs), realpath(childAbs)]);
        entries.push({ name: d.name, kind: kindOf(target), identity: real });
      } catch (error) {
        entries.push({
          name: d.name,
          kind: "broken",
          identity: childAbs,
          problem: `cannot follow the symbolic link: ${describeFsError(error)}`,
        });
      }
    }
    return entries;
  }

  async readText(path: string, maxBytes: number): Promise<string> {
    return readTextFile(this.absolute(path), maxBytes);
  }
}

/**
 * Reads a file on disk as text for Bulwark: only regular files, refused before reading when over `maxBytes`,
 * NUL bytes refused, a leading byte-order mark dropped. Throws SourceError with a reason a person can act on.
 */
export async function readTextFile(abs: string, maxBytes: number): Promise<string> {
  let handle: import("node:fs/promises").FileHandle;
  try {
    // Only regular files: opening a FIFO or device would block or never end.
    const kind = kindOf(await stat(abs));
    if (kind === "dir") throw new SourceError("is a folder, not a file");
    if (kind !== "file") throw new SourceError("is not a regular file (device, FIFO or socket); not read");
    handle = await open(abs, "r");
  } catch (error) {
    if (error instanceof SourceError) throw error;
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new SourceError(
      `cannot read the file: ${describeFsError(error)}`,
      missing ? "missing" : "unreadable",
    );
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw tooLarge(size, maxBytes);
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return decodeText(buffer.subarray(0, filled));
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(`cannot read the file: ${describeFsError(error)}`);
  } finally {
    await handle.close();
  }
}

function kindOf(s: import("node:fs").Stats): EntryKind {
  return s.isDirectory() ? "dir" : s.isFile() ? "file" : "other";
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
