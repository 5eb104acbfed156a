import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { OsvRecord } from "../model/osv.js";
import { type AdvisoryDatabase, type SqliteAdvisoryDatabase, writable } from "./database.js";
import { ecosystemBase } from "./ecosystem-match.js";
import { ImportSourceError } from "./errors.js";
import { type DownloadProgress, download, httpUrl, looksLikeUrl } from "./http-source.js";
import { type InvalidRecord, isOsvFileName, parseOsvDocument } from "./osv-reader.js";
import { readZipEntries, type ZipLimits } from "./zip-reader.js";

/** Counts of what an import did, and every record it could not use. */
export interface ImportReport {
  /** Records new to the database. */
  imported: number;
  /** Records that replaced an older version (older `modified`). */
  replaced: number;
  /** Records already present with the same or a newer `modified`. */
  skipped: number;
  /** Records or files rejected, each with the file and the reason. */
  invalid: InvalidRecord[];
  /** Files that are not OSV documents by name (not .json/.yaml/.yml) and were passed over. */
  ignoredFiles: number;
}

export interface ImportOptions {
  zipLimits?: Partial<ZipLimits>;
  /** Called while downloading URLs. */
  onDownload?: DownloadProgress;
}

/** Receives records for one import run and keeps the counts; see importAdvisories. */
export class ImportSink {
  readonly report: ImportReport = { imported: 0, replaced: 0, skipped: 0, invalid: [], ignoredFiles: 0 };
  /** Ecosystem base -> the source that last brought records of it. */
  readonly touched = new Map<string, string>();
  /** Ecosystem base -> the newest `modified` among the records offered. */
  readonly newestModified = new Map<string, string>();

  constructor(private readonly db: SqliteAdvisoryDatabase) {}

  /** Parses one OSV document and offers its records. */
  document(content: string | Uint8Array, label: string, source: string): OsvRecord[] {
    const parsed = parseOsvDocument(content, label);
    this.report.invalid.push(...parsed.invalid);
    for (const record of parsed.records) this.record(record, source);
    return parsed.records;
  }

  record(record: OsvRecord, source: string): void {
    this.report[this.db.offer(record)]++;
    for (const entry of record.affected ?? [])
      if (typeof entry.package?.ecosystem === "string") {
        const base = ecosystemBase(entry.package.ecosystem);
        this.touched.set(base, source);
        const newest = this.newestModified.get(base);
        if (newest === undefined || record.modified > newest) this.newestModified.set(base, record.modified);
      }
  }

  /** Reads every OSV document inside a zip archive. */
  zip(data: Uint8Array, label: string, source: string, limits?: Partial<ZipLimits>): void {
    readZipEntries(
      data,
      label,
      (name, content) => {
        if (isOsvFileName(name)) this.document(content, `${label}!${name}`, source);
        else this.report.ignoredFiles++;
      },
      limits,
    );
  }
}

/**
 * Imports OSV records from files (.json, .yaml, .yml), directories (recursively), zip archives (osv.dev's
 * all.zip exports) and http(s) URLs to any of those. A record replaces a stored one only when its
 * `modified` is newer. Bad records are reported (file and reason) and the import goes on; a source that
 * cannot be used at all (missing, unsafe zip, refused URL) abandons the whole import with an
 * ImportSourceError and the database keeps exactly its previous content (one transaction).
 */
export async function importAdvisories(
  db: AdvisoryDatabase,
  sources: string[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const target = writable(db);
  // refuse bad URLs before touching anything
  for (const source of sources) if (looksLikeUrl(source)) httpUrl(source);
  return target.transaction(async () => {
    const sink = new ImportSink(target);
    for (const source of sources) {
      if (looksLikeUrl(source)) await importUrl(sink, source, options);
      else importPath(sink, source, options);
    }
    for (const [ecosystem, source] of sink.touched) target.noteUpdate(ecosystem, source);
    return sink.report;
  });
}

async function importUrl(sink: ImportSink, url: string, options: ImportOptions): Promise<void> {
  const data = (await download(url, { onProgress: options.onDownload }))!;
  if (isZip(data)) sink.zip(data, url, url, options.zipLimits);
  else sink.document(data, new URL(url).pathname.split("/").pop() || url, url);
}

function importPath(sink: ImportSink, path: string, options: ImportOptions): void {
  if (!existsSync(path)) throw new ImportSourceError(path, "no such file or directory");
  const visited = new Set<string>();
  const visit = (file: string, top: boolean): void => {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(file);
    } catch (error) {
      sink.report.invalid.push({ file, reason: `unreadable: ${(error as Error).message}` });
      return;
    }
    if (stat.isDirectory()) {
      const real = realpathSync(file);
      if (visited.has(real)) return; // a symlink loop
      visited.add(real);
      for (const name of readdirSync(file).sort()) {
        if (name.startsWith(".")) continue;
        visit(join(file, name), false);
      }
      return;
    }
    const name = basename(file);
    if (/\.zip$/i.test(name)) {
      sink.zip(readBytes(file), file, path, options.zipLimits);
    } else if (top || isOsvFileName(name)) {
      sink.document(readBytes(file), file, path);
    } else {
      sink.report.ignoredFiles++;
    }
  };
  visit(path, true);
}

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ImportSourceError(file, `cannot read the file (${(error as Error).message})`, { cause: error });
  }
}

/** Zip archives start with a local file header (or are empty: end of central directory). */
export function isZip(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && (data[2] === 3 || data[2] === 5);
}
