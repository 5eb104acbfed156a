import { type FileHandle, open } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";
import { ImportSourceError } from "./errors.js";

/** Limits that stop decompression bombs; every size is of decompressed content. */
export interface ZipLimits {
  /** Largest single entry, and largest plain .json/.yaml file (default 64 MiB; real OSV records are a few MiB). */
  maxEntryBytes: number;
  /** Largest total of all entries (default 16 GiB). */
  maxTotalBytes: number;
  /** Largest decompressed/compressed ratio of an entry bigger than 1 MiB (default 200; OSV JSON is ~10). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 16 * 1024 * 1024 * 1024,
  maxRatio: 200,
};

const RATIO_CHECK_FROM = 1024 * 1024;
/** How much of the archive is read at once (entries are read front to back). */
const BLOCK_BYTES = 1024 * 1024;
/** Largest central directory read (about 3 million entries); osv.dev's largest export has a few hundred thousand. */
const MAX_DIRECTORY_BYTES = 256 * 1024 * 1024;

/** Whether a zip entry name would escape the extraction folder (absolute, drive letter, `..`, NUL). */
export function isUnsafeEntryName(name: string): boolean {
  if (name.includes("\u0000")) return true;
  const normal = name.replaceAll("\\", "/");
  if (normal.startsWith("/") || /^[a-zA-Z]:/.test(normal)) return true;
  return normal.split("/").some((part) => part === "..");
}

/** What reading a zip archive reports, entry by entry, in archive order. */
export interface ZipVisitor {
  /** Whether to decompress an entry (others are passed over and reported to `skipped`). */
  wanted(name: string): boolean;
  /** A whole decompressed entry. */
  entry(name: string, content: Uint8Array): void;
  skipped(name: string): void;
  /** An entry that could not be read (the others still are). */
  unreadable(name: string, reason: string): void;
  /** A name that occurs more than once; every copy is still read, in order. */
  duplicate(name: string, count: number): void;
  /** Called between entries: where the caller may await (write what it has collected). */
  pause?(): Promise<void>;
}

/** One entry of the central directory. */
interface DirectoryEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Where the entry's local header starts. */
  offset: number;
}

/**
 * Reads a zip archive from a file without loading it whole: the central directory is read first, every
 * entry is checked, then the entries are read (through 1 MiB blocks) and decompressed one at a time, in
 * archive order. Errors name `label` (the file or URL) and abandon the read: an archive without its
 * end record or whose directory does not parse (a truncated download), names that would escape a folder (path
 * traversal, INPUT_UNSAFE), an entry declared over `maxEntryBytes` (INPUT_TOO_LARGE), a declared ratio over
 * `maxRatio` or a declared total over `maxTotalBytes` (INPUT_UNSAFE) — all found before anything is
 * decompressed. An entry that inflates past its declared size is cut off there and reported unreadable, as is
 * one that is damaged or uses another compression method; the others are read.
 *
 * The directory is parsed here rather than by fflate's streaming `Unzip`, which was measured at 7 s for an
 * archive of 65,000 small entries (its bookkeeping grows with every entry) and scans the central directory
 * byte by byte; this reader takes well under a second for the same archive. Entries are inflated by node's
 * zlib (native, with an output limit) rather than fflate's streaming inflater, which spent a third of a big
 * import's time growing its output buffers.
 */
export async function readZipFile(
  path: string,
  label: string,
  visitor: ZipVisitor,
  limits: Partial<ZipLimits> = {},
): Promise<void> {
  const lim = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const handle = await openFile(path, label);
  try {
    const { size } = await handle.stat();
    const entries = await readDirectory(handle, size, label);
    check(entries, label, lim, visitor);
    const reader = new BlockReader(handle, size);
    for (const entry of entries) {
      if (entry.name.endsWith("/")) continue; // a directory
      if (!visitor.wanted(entry.name)) {
        visitor.skipped(entry.name);
        continue;
      }
      const content = await inflateEntry(reader, entry, size, label);
      if (typeof content === "string") visitor.unreadable(entry.name, `unreadable: ${content}`);
      else visitor.entry(entry.name, content);
      await visitor.pause?.();
    }
  } finally {
    await handle.close();
  }
}

/** Every name and declared size, checked before anything is decompressed; duplicates reported. */
function check(entries: DirectoryEntry[], label: string, lim: ZipLimits, visitor: ZipVisitor): void {
  let total = 0;
  const seen = new Map<string, number>();
  for (const e of entries) {
    if (isUnsafeEntryName(e.name))
      throw new ImportSourceError(label, `zip entry "${e.name}" has an unsafe path (path traversal)`, {
        code: "INPUT_UNSAFE",
      });
    if (e.size > lim.maxEntryBytes)
      throw new ImportSourceError(
        label,
        `zip entry "${e.name}" would decompress to ${e.size} bytes, over the ${lim.maxEntryBytes}-byte limit (decompression bomb?)`,
        { code: "INPUT_TOO_LARGE" },
      );
    const compressed = Math.max(e.compressedSize, 1);
    if (e.size >= RATIO_CHECK_FROM && e.size > lim.maxRatio * compressed)
      throw new ImportSourceError(
        label,
        `zip entry "${e.name}" has a compression ratio of ${Math.round(e.size / compressed)}:1, over the ${lim.maxRatio}:1 limit (decompression bomb?)`,
        { code: "INPUT_UNSAFE" },
      );
    total += e.size;
    if (total > lim.maxTotalBytes)
      throw new ImportSourceError(
        label,
        `the archive would decompress to more than ${lim.maxTotalBytes} bytes (decompression bomb?)`,
        { code: "INPUT_UNSAFE" },
      );
    const count = (seen.get(e.name) ?? 0) + 1;
    seen.set(e.name, count);
    if (count === 2 && !e.name.endsWith("/")) visitor.duplicate(e.name, count);
  }
}

/**
 * Reads a file front to back through 1 MiB blocks: entries lie one after the other, so most reads of an
 * archive of small records are served from memory instead of costing a file-system call each.
 */
class BlockReader {
  private block = new Uint8Array(0);
  private blockStart = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly fileSize: number,
  ) {}

  /** `length` bytes at `position` (shorter at the end of the file); a view of a block read for it. */
  async bytes(position: number, length: number): Promise<Uint8Array> {
    const end = Math.min(position + length, this.fileSize);
    if (position < this.blockStart || end > this.blockStart + this.block.length) {
      const size = Math.min(Math.max(BLOCK_BYTES, end - position), this.fileSize - position);
      // a new buffer each time: a view handed out earlier stays valid
      this.block = new Uint8Array(size);
      this.blockStart = position;
      let filled = 0;
      while (filled < size) {
        const { bytesRead } = await this.handle.read(this.block, filled, size - filled, position + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      this.block = this.block.subarray(0, filled);
    }
    return this.block.subarray(position - this.blockStart, end - this.blockStart);
  }
}

/**
 * The entry's content, or why it cannot be read. Never more than its declared size is produced: the inflater
 * is given exactly that much room (node's zlib, `maxOutputLength`), so an entry whose header under-declares
 * its size fails instead of growing.
 */
async function inflateEntry(
  reader: BlockReader,
  entry: DirectoryEntry,
  fileSize: number,
  label: string,
): Promise<Uint8Array | string> {
  const header = await reader.bytes(entry.offset, 30);
  const h = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length < 30 || h.getUint32(0, true) !== 0x04034b50)
    return "its local header is missing (damaged archive)";
  const start = entry.offset + 30 + h.getUint16(26, true) + h.getUint16(28, true);
  if (start + entry.compressedSize > fileSize)
    throw notReadable(label, `entry "${entry.name}" runs past the end`);
  if (entry.method !== 0 && entry.method !== 8) return `compression method ${entry.method} is not supported`;
  // the compressed bytes of one entry (at most a fraction of the 64 MiB entry limit, checked by ratio)
  const data = await reader.bytes(start, entry.compressedSize);
  if (entry.method === 0)
    return data.length === entry.size
      ? data.slice()
      : `holds ${data.length} bytes, not the ${entry.size} declared`;
  let out: Uint8Array;
  try {
    out = inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE"
      ? `decompresses past its declared size of ${entry.size} bytes`
      : (error as Error).message;
  }
  if (out.length !== entry.size)
    return `decompresses to ${out.length} bytes, not the ${entry.size} declared (damaged entry)`;
  return out;
}

/**
 * The central directory: found through the end record (ZIP64 when the archive has one), parsed entry by entry.
 * An archive without an end record, or whose directory does not hold as many entries as the end record says,
 * is not readable (a truncated download).
 */
async function readDirectory(handle: FileHandle, size: number, label: string): Promise<DirectoryEntry[]> {
  const end = await endRecord(handle, size);
  if (!end) throw notReadable(label, "no end-of-archive record: truncated?");
  if (end.directorySize > MAX_DIRECTORY_BYTES || end.directoryOffset + end.directorySize > size)
    throw notReadable(label, "its directory lies outside the file: truncated?");
  const directory = new Uint8Array(end.directorySize);
  await handle.read(directory, 0, end.directorySize, end.directoryOffset);
  const view = new DataView(directory.buffer);
  const entries: DirectoryEntry[] = [];
  let at = 0;
  while (at + 46 <= directory.length && view.getUint32(at, true) === 0x02014b50) {
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > directory.length) throw notReadable(label, "its directory is cut short");
    const nameBytes = directory.subarray(at + 46, at + 46 + nameLength);
    // bit 11: UTF-8 names; otherwise the historical code page, read as Latin-1 as fflate does
    const name = new TextDecoder(flags & 0x800 ? "utf-8" : "latin1").decode(nameBytes);
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressed = view.getUint32(at + 24, true);
    let offset = view.getUint32(at + 42, true);
    // ZIP64 extra field (id 1): the 64-bit values of the saturated fields, in this order
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = view.getUint16(x, true);
      const length = view.getUint16(x + 2, true);
      if (id === 1) {
        let y = x + 4;
        const next64 = () => {
          const value = y + 8 <= x + 4 + length ? Number(view.getBigUint64(y, true)) : Number.NaN;
          y += 8;
          return value;
        };
        if (uncompressed === 0xffffffff) uncompressed = next64();
        if (compressedSize === 0xffffffff) compressedSize = next64();
        if (offset === 0xffffffff) offset = next64();
      }
      x += 4 + length;
    }
    if (![compressedSize, uncompressed, offset].every(Number.isSafeInteger))
      throw notReadable(label, `entry "${name}" has a damaged ZIP64 field`);
    entries.push({ name, method: view.getUint16(at + 10, true), compressedSize, size: uncompressed, offset });
    at = next;
  }
  // writers without ZIP64 support count entries modulo 65,536 in the classic end record
  const expected = end.zip64 ? end.count : entries.length % 0x10000;
  if (end.count !== expected)
    throw notReadable(
      label,
      `its end record counts ${end.count} entries, the directory holds ${entries.length}`,
    );
  return entries;
}

/**
 * The end-of-central-directory record, in the last 22 bytes plus an optional comment of up to 65,535 bytes,
 * and the ZIP64 end record it points to when there is one.
 */
async function endRecord(
  handle: FileHandle,
  size: number,
): Promise<{ count: number; zip64: boolean; directoryOffset: number; directorySize: number } | undefined> {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = new Uint8Array(tailLength);
  await handle.read(tail, 0, tailLength, size - tailLength);
  const view = new DataView(tail.buffer);
  for (let i = tailLength - 22; i >= 0; i--) {
    if (view.getUint32(i, true) !== 0x06054b50) continue;
    const classic = {
      count: view.getUint16(i + 10, true),
      zip64: false,
      directorySize: view.getUint32(i + 12, true),
      directoryOffset: view.getUint32(i + 16, true),
    };
    // ZIP64: a locator (20 bytes) precedes the end record and points at the ZIP64 end record
    if (i < 20 || view.getUint32(i - 20, true) !== 0x07064b50) return classic;
    const at = Number(view.getBigUint64(i - 20 + 8, true));
    if (at + 56 > size) return undefined;
    const record = new Uint8Array(56);
    await handle.read(record, 0, 56, at);
    const r = new DataView(record.buffer);
    if (r.getUint32(0, true) !== 0x06064b50) return undefined;
    return {
      count: Number(r.getBigUint64(32, true)),
      zip64: true,
      directorySize: Number(r.getBigUint64(40, true)),
      directoryOffset: Number(r.getBigUint64(48, true)),
    };
  }
  return undefined;
}

function notReadable(label: string, why: string): ImportSourceError {
  return new ImportSourceError(label, `not a readable zip archive (${why})`);
}

async function openFile(path: string, label: string): Promise<FileHandle> {
  try {
    return await open(path, "r");
  } catch (error) {
    throw new ImportSourceError(label, `cannot read the file (${(error as Error).message})`, {
      code: "INPUT_UNREADABLE",
      cause: error,
    });
  }
}
