import {
  decodeText,
  type EntryKind,
  type FileSource,
  joinSourcePath,
  type SourceEntry,
  SourceError,
  tooLarge,
} from "./source.js";

/**
 * Files held in memory as a FileSource: an upload, an unpacked archive, a test's fixture set. Keys are
 * "/"-separated relative paths; folders are implied by them. Paths with "..", empty or "." segments, or a
 * leading "/" are refused when the source is built, so nothing can name a file outside it.
 */
export class MemorySource implements FileSource {
  private readonly files = new Map<string, Uint8Array>();
  private readonly folders = new Map<string, Set<string>>([["", new Set()]]);

  constructor(
    files: Iterable<[string, string | Uint8Array]> | Record<string, string | Uint8Array>,
    readonly description = "the files given",
  ) {
    const list = Symbol.iterator in files ? [...files] : Object.entries(files);
    for (const [path, content] of list) this.add(path, content);
  }

  private add(path: string, content: string | Uint8Array): void {
    const segments = path.split("/");
    if (path === "" || segments.some((s) => s === "" || s === "." || s === "..") || path.includes("\0"))
      throw new SourceError(`"${path}" is not a relative path inside the source`);
    const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
    this.files.set(path, bytes);
    let dir = "";
    for (const segment of segments.slice(0, -1)) {
      this.folders.get(dir)?.add(segment);
      dir = joinSourcePath(dir, segment);
      if (!this.folders.has(dir)) this.folders.set(dir, new Set());
    }
    this.folders.get(dir)?.add(segments[segments.length - 1]!);
  }

  async kind(path: string): Promise<EntryKind> {
    if (this.files.has(path)) return "file";
    return this.folders.has(path) ? "dir" : "missing";
  }

  async identity(path: string): Promise<string> {
    return path;
  }

  async list(dir: string): Promise<SourceEntry[]> {
    const names = this.folders.get(dir);
    if (!names) throw new SourceError("cannot list the folder: no such folder", "missing");
    return [...names].map((name) => {
      const path = joinSourcePath(dir, name);
      return { name, kind: this.files.has(path) ? "file" : "dir", identity: path };
    });
  }

  async readText(path: string, maxBytes: number): Promise<string> {
    const bytes = this.files.get(path);
    if (!bytes) {
      throw this.folders.has(path)
        ? new SourceError("is a folder, not a file")
        : new SourceError("cannot read the file: no such file", "missing");
    }
    if (bytes.byteLength > maxBytes) throw tooLarge(bytes.byteLength, maxBytes);
    return decodeText(bytes);
  }
}
