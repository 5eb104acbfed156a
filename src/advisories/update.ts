import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalEcosystem } from "../ecosystems/index.js";
import { throwIfAborted } from "../model/errors.js";
import { downloadBytes, downloadToFile } from "./download.js";
import { AdvisoryError, ImportSourceError } from "./errors.js";
import { type ImportReport, type ReadOptions, readZip } from "./import.js";
import type { AdvisoryWriter, EcosystemUpdate } from "./ports.js";
import { RecordBatcher } from "./record-batcher.js";
import { isNewer } from "./stored-form.js";
import { DEFAULT_ZIP_LIMITS } from "./zip-reader.js";

/** osv.dev's public bucket of per-ecosystem exports. */
export const OSV_BASE_URL = "https://osv-vulnerabilities.storage.googleapis.com";

/** Above this many changed records an incremental update downloads the whole zip instead. */
const MAX_INCREMENTAL = 500;
/** Largest modified_id.csv accepted (npm's, the largest, is a few tens of MB). */
const MAX_CSV_BYTES = 256 * 1024 * 1024;

export interface UpdateOptions extends ReadOptions {
  /** Ecosystems to update ("PyPI", "Go", ...); default: every ecosystem already in the database. */
  ecosystems?: string[];
  /** osv.dev's bucket or a mirror of it (default OSV_BASE_URL; the CLI passes --base-url or BULWARK_OSV_BASE_URL). */
  baseUrl?: string;
  /** Progress per ecosystem: the phase, and bytes or records done of a total. */
  onProgress?: (ecosystem: string, phase: "zip" | "records", done: number, total: number | undefined) => void;
}

/** What an update did, per ecosystem and in total. */
export interface UpdateReport extends ImportReport {
  ecosystems: { ecosystem: string; mode: "full" | "incremental" | "unchanged"; records: number }[];
}

/** What was downloaded for one ecosystem, to be read once every download has succeeded. */
type Download =
  | { ecosystem: string; dir: string; mode: "unchanged"; newest?: string }
  | { ecosystem: string; dir: string; mode: "full"; zip: string; url: string; newest?: string }
  | {
      ecosystem: string;
      dir: string;
      mode: "incremental";
      documents: { url: string; body: Uint8Array }[];
      newest?: string;
    };

/**
 * Brings ecosystems up to date from osv.dev's exports (or a mirror). Incremental where possible: the
 * ecosystem's `modified_id.csv` (lines `<modified>,<id>`, newest first) names the records changed since the
 * last update, which are fetched one by one as `<Ecosystem>/<id>.json`; the first update, a missing csv or
 * more than a few hundred changes download `<Ecosystem>/all.zip` (streamed to a temporary file). Every
 * download of every ecosystem happens first; a failing one leaves the database untouched. Then the records
 * are parsed and written in short transactions (see ReadOptions.writeBatchBytes), the ecosystems' update
 * bookkeeping (watermarks) with the last one, so an interrupted update is simply redone by the next.
 */
export async function updateAdvisories(
  writer: AdvisoryWriter,
  options: UpdateOptions = {},
): Promise<UpdateReport> {
  const base = (options.baseUrl ?? OSV_BASE_URL).replace(/\/+$/, "");
  const meta = new Map((await writer.ecosystemUpdates()).map((m) => [m.ecosystem, m]));
  const ecosystems = options.ecosystems?.length
    ? options.ecosystems.map(canonicalEcosystem)
    : [...meta.keys()];
  if (ecosystems.length === 0)
    throw new AdvisoryError("the advisory database is empty, so there is nothing to update", {
      code: "ADVISORY_DB_MISSING",
      hint: "name the ecosystems to download (for example PyPI and npm)",
    });
  const temp = await mkdtemp(join(options.tempDir ?? tmpdir(), "bulwark-update-"));
  try {
    const downloads: Download[] = [];
    for (const ecosystem of ecosystems)
      downloads.push(await download(ecosystem, base, meta.get(ecosystem)?.watermark, temp, options));
    const batcher = new RecordBatcher(writer, options);
    const perEcosystem: UpdateReport["ecosystems"] = [];
    const updates: EcosystemUpdate[] = [];
    await batcher.reading(async () => {
      for (const d of downloads) {
        throwIfAborted(options.signal, "the update");
        const before = batcher.read;
        if (d.mode === "full") await readZip(batcher, d.zip, d.url, d.dir, options);
        else if (d.mode === "incremental")
          for (const { url, body } of d.documents) {
            batcher.document(body, url.split("/").pop() ?? url, d.dir, url);
            await batcher.flushIfFull();
          }
        const watermark =
          d.newest ?? batcher.newestModified.get(d.ecosystem) ?? meta.get(d.ecosystem)?.watermark;
        updates.push({ ecosystem: d.ecosystem, source: base, ...(watermark ? { watermark } : {}) });
        perEcosystem.push({ ecosystem: d.ecosystem, mode: d.mode, records: batcher.read - before });
      }
    });
    const report = await batcher.finish(updates);
    return { ...report, ecosystems: perEcosystem };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function download(
  ecosystem: string,
  base: string,
  watermark: string | undefined,
  temp: string,
  options: UpdateOptions,
): Promise<Download> {
  throwIfAborted(options.signal, "the update");
  const dir = `${base}/${encodeURIComponent(ecosystem)}`;
  const common = { openUrl: options.openUrl, signal: options.signal };
  const csvUrl = `${dir}/modified_id.csv`;
  const csv = await downloadBytes(csvUrl, { ...common, maxBytes: MAX_CSV_BYTES, notFoundOk: true });
  const changes = csv ? parseModifiedIds(new TextDecoder().decode(csv), csvUrl) : [];
  const newest = changes[0]?.modified;
  if (watermark && csv) {
    const changed = changes.filter((c) => isNewer(c.modified, watermark));
    if (changed.length === 0) return { ecosystem, dir, mode: "unchanged", newest };
    if (changed.length <= MAX_INCREMENTAL) {
      const documents: { url: string; body: Uint8Array }[] = [];
      const maxBytes = options.zipLimits?.maxEntryBytes ?? DEFAULT_ZIP_LIMITS.maxEntryBytes;
      for (const { id } of changed) {
        const url = `${dir}/${encodeURIComponent(id)}.json`;
        documents.push({ url, body: (await downloadBytes(url, { ...common, maxBytes }))! });
        options.onProgress?.(ecosystem, "records", documents.length, changed.length);
      }
      return { ecosystem, dir, mode: "incremental", documents, newest };
    }
  }
  const url = `${dir}/all.zip`;
  const zip = join(temp, `${encodeURIComponent(ecosystem)}.zip`);
  await downloadToFile(url, zip, {
    ...common,
    onProgress: (done, total) => options.onProgress?.(ecosystem, "zip", done, total),
  });
  return { ecosystem, dir, mode: "full", zip, url, newest };
}

/** Parses osv.dev's `modified_id.csv`: `<RFC 3339 modified>,<id>` per line, newest first. */
export function parseModifiedIds(text: string, label: string): { modified: string; id: string }[] {
  const out: { modified: string; id: string }[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    const comma = line.indexOf(",");
    const modified = line.slice(0, comma).trim();
    const id = line.slice(comma + 1).trim();
    if (comma < 0 || Number.isNaN(Date.parse(modified)) || !/^[^\s/\\]+$/.test(id))
      throw new ImportSourceError(label, `line ${i + 1} is not "<modified>,<id>": ${line.slice(0, 80)}`, {
        code: "PARSE_FAILED",
      });
    out.push({ modified, id });
  });
  return out;
}
