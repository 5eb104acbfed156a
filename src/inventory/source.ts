/**
 * Where the inventory reads files from: a folder on disk, files held in memory, an uploaded archive. Paths
 * are "/"-separated and relative to the source's root ("" is the root itself); a source never reads outside
 * its root. Every method is async so a server can host the inventory without blocking on file I/O.
 */
export interface FileSource {
  /** What the source is, for messages ("the folder /srv/app", "upload.zip"). */
  readonly description: string;
  /** What is at `path`: a file, a folder, something else (device, FIFO, socket), or nothing. */
  kind(path: string): Promise<EntryKind>;
  /** What `path` really is (its real path on disk); see SourceEntry.identity. */
  identity(path: string): Promise<string>;
  /** The entries of a folder, each with its kind after following symbolic links. Throws SourceError. */
  list(dir: string): Promise<SourceEntry[]>;
  /**
   * A file as UTF-8 text (a leading byte-order mark dropped). Refuses files over `maxBytes` before reading
   * them and files holding NUL bytes (binary data under a lockfile's name). Throws SourceError.
   */
  readText(path: string, maxBytes: number): Promise<string>;
}

/** The kind of an entry; "broken" is a link that cannot be followed (dangling, a loop). */
export type EntryKind = "file" | "dir" | "other" | "missing" | "broken";

/** One entry of a folder. */
export interface SourceEntry {
  name: string;
  kind: EntryKind;
  /**
   * What the entry really is (a real path on disk): one file or folder reached under two names has one
   * identity, so the walk reads it once and recognises symbolic-link loops.
   */
  identity: string;
  /** Why a "broken" entry cannot be followed. */
  problem?: string;
}

/** A file or folder of a source that cannot be read; the message says why, without the path. */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly reason: "unreadable" | "too-large" | "binary" | "missing" = "unreadable",
  ) {
    super(message);
  }
}

/** Joins "/"-separated source paths ("" is the root). */
export function joinSourcePath(dir: string, name: string): string {
  return dir === "" ? name : `${dir}/${name}`;
}

/** The folder of a "/"-separated source path ("" for a path at the root). */
export function sourceDirname(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** "1.5 MiB" for messages about limits. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Decodes a file's bytes as text for the inventory: NUL bytes refused, a leading byte-order mark dropped. */
export function decodeText(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new SourceError(`binary data (NUL byte at offset ${nul}), not a text file`, "binary");
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The message for a file over the size limit. */
export function tooLarge(size: number, maxBytes: number): SourceError {
  return new SourceError(
    `the file is ${formatBytes(size)}, larger than the limit of ${formatBytes(maxBytes)}; not read`,
    "too-large",
  );
}
