import { canonicalEcosystem } from "../ecosystems/index.js";
import type { AdvisoryDatabase } from "./database.js";
import { writable } from "./database.js";
import { AdvisoryError, ImportSourceError } from "./errors.js";
import { type DownloadProgress, download } from "./http-source.js";
import { type ImportReport, ImportSink } from "./import.js";
import type { ZipLimits } from "./zip-reader.js";

/** osv.dev's public bucket of per-ecosystem exports. */
export const OSV_BASE_URL = "https://osv-vulnerabilities.storage.googleapis.com";

/** Above this many changed records an incremental update downloads the whole zip instead. */
const MAX_INCREMENTAL = 500;

export interface UpdateOptions {
  /** Ecosystems to update ("PyPI", "Go", ...); default: every ecosystem already in the database. */
  ecosystems?: string[];
  /** Mirror of osv.dev's bucket; default env BULWARK_OSV_BASE_URL, else OSV_BASE_URL. */
  baseUrl?: string;
  zipLimits?: Partial<ZipLimits>;
  /** Progress per ecosystem: the phase, and bytes or records done of a total. */
  onProgress?: (ecosystem: string, phase: "zip" | "records", done: number, total: number | undefined) => void;
}

/** What an update did, per ecosystem and in total. */
export interface UpdateReport extends ImportReport {
  ecosystems: { ecosystem: string; mode: "full" | "incremental" | "unchanged"; records: number }[];
}

/**
 * Brings ecosystems up to date from osv.dev's exports (or a mirror). Incremental where possible: the
 * ecosystem's `modified_id.csv` (lines `<modified>,<id>`, newest first) names the records changed since
 * the last update, which are fetched one by one as `<Ecosystem>/<id>.json`; the first update, a missing
 * csv or more than a few hundred changes download `<Ecosystem>/all.zip`. All ecosystems are updated in one
 * transaction: a failure leaves the previous database intact.
 */
export async function updateAdvisories(
  db: AdvisoryDatabase,
  options: UpdateOptions = {},
): Promise<UpdateReport> {
  const target = writable(db);
  const base = (options.baseUrl ?? process.env.BULWARK_OSV_BASE_URL ?? OSV_BASE_URL).replace(/\/+$/, "");
  const meta = new Map(target.ecosystemMeta().map((m) => [m.ecosystem, m]));
  const ecosystems = options.ecosystems?.length
    ? options.ecosystems.map(canonicalEcosystem)
    : [...meta.keys()];
  if (ecosystems.length === 0)
    throw new AdvisoryError("the advisory database is empty, so there is nothing to update", {
      hint: "name what to download: bulwark db update --ecosystem PyPI --ecosystem npm",
    });
  return target.transaction(async () => {
    const sink = new ImportSink(target);
    const perEcosystem: UpdateReport["ecosystems"] = [];
    for (const ecosystem of ecosystems) {
      const dir = `${base}/${encodeURIComponent(ecosystem)}`;
      const before = counted(sink.report);
      const csv = await download(`${dir}/modified_id.csv`, { notFoundOk: true });
      const changes = csv ? parseModifiedIds(new TextDecoder().decode(csv), `${dir}/modified_id.csv`) : [];
      const watermark = meta.get(ecosystem)?.watermark;
      const newest = changes[0]?.modified;
      let mode: "full" | "incremental" | "unchanged";
      if (watermark && csv) {
        const changed = changes.filter((c) => Date.parse(c.modified) > Date.parse(watermark));
        if (changed.length === 0) mode = "unchanged";
        else if (changed.length <= MAX_INCREMENTAL) {
          mode = "incremental";
          let done = 0;
          for (const { id } of changed) {
            const url = `${dir}/${encodeURIComponent(id)}.json`;
            const body = (await download(url))!;
            sink.document(body, url, dir);
            options.onProgress?.(ecosystem, "records", ++done, changed.length);
          }
        } else mode = await full(sink, dir, ecosystem, options);
      } else mode = await full(sink, dir, ecosystem, options);
      target.noteUpdate(ecosystem, base, newest ?? latestModified(sink, ecosystem) ?? watermark);
      perEcosystem.push({ ecosystem, mode, records: counted(sink.report) - before });
    }
    return { ...sink.report, ecosystems: perEcosystem };
  });
}

async function full(
  sink: ImportSink,
  dir: string,
  ecosystem: string,
  options: UpdateOptions,
): Promise<"full"> {
  const onProgress: DownloadProgress = (done, total) => options.onProgress?.(ecosystem, "zip", done, total);
  const url = `${dir}/all.zip`;
  const zip = (await download(url, { onProgress }))!;
  sink.zip(zip, url, dir, options.zipLimits);
  return "full";
}

function counted(r: ImportReport): number {
  return r.imported + r.replaced + r.skipped;
}

function latestModified(sink: ImportSink, ecosystem: string): string | undefined {
  return sink.newestModified.get(ecosystem);
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
      throw new ImportSourceError(label, `line ${i + 1} is not "<modified>,<id>": ${line.slice(0, 80)}`);
    out.push({ modified, id });
  });
  return out;
}
