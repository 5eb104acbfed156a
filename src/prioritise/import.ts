import { readFile, stat } from "node:fs/promises";
import { reasonOf } from "../model/errors.js";
import { parseEpssFile } from "./epss.js";
import { ExploitDataError } from "./errors.js";
import type { ExploitDataStore } from "./exploit-data.js";
import { parseKevCatalogue } from "./kev.js";

/**
 * Outbound HTTP as the composition root provides it (the HttpClient of src/net has this shape): GET a URL,
 * return its body, fail with a coded error. Left to the caller so that one outbound-request policy applies.
 */
export type FetchBytes = (url: string, init?: { maxBytes?: number }) => Promise<Uint8Array>;

/** Largest KEV catalogue or compressed EPSS file read (the catalogue is about 1.5 MB, EPSS about 2 MB gzipped). */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

/** What an import did. */
export interface KevImportReport {
  source: string;
  catalogVersion: string;
  dateReleased: string;
  entries: number;
  /** The catalogue version it replaced. */
  previous?: string;
}

/** What an EPSS import did. */
export interface EpssImportReport {
  source: string;
  modelVersion: string;
  scoreDate: string;
  scores: number;
  /** The score date it replaced. */
  previous?: string;
}

/** Whether a source is a URL rather than a path. */
function isUrl(source: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(source);
}

/** The bytes of a file (size checked before reading) or, through `fetchBytes`, of a URL. */
async function readSource(source: string, fetchBytes: FetchBytes | undefined): Promise<Uint8Array> {
  if (isUrl(source)) {
    if (!fetchBytes)
      throw new ExploitDataError(`${source}: downloads are not available here`, {
        code: "NETWORK_REFUSED",
        details: { url: source },
        hint: "download the file and import the local copy",
      });
    return fetchBytes(source, { maxBytes: MAX_SOURCE_BYTES });
  }
  let size: number;
  try {
    const info = await stat(source);
    if (!info.isFile()) throw new Error("not a regular file");
    size = info.size;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new ExploitDataError(`cannot read ${source}: ${missing ? "no such file" : reasonOf(error)}`, {
      code: missing ? "INPUT_NOT_FOUND" : "INPUT_UNREADABLE",
      details: { path: source },
    });
  }
  if (size > MAX_SOURCE_BYTES)
    throw new ExploitDataError(`${source} is ${size} bytes, over the ${MAX_SOURCE_BYTES}-byte limit`, {
      code: "INPUT_TOO_LARGE",
      details: { path: source, limit: MAX_SOURCE_BYTES },
    });
  return readFile(source);
}

/**
 * `db import-kev`: reads the catalogue (file or URL), checks it whole, then replaces the stored one in one
 * short transaction. A bad catalogue changes nothing.
 */
export async function importKev(
  store: ExploitDataStore,
  source: string,
  options: { fetchBytes?: FetchBytes; now: Date },
): Promise<KevImportReport> {
  const bytes = await readSource(source, options.fetchBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ExploitDataError(`${source}: not a text file (invalid UTF-8)`, { details: { path: source } });
  }
  const catalogue = parseKevCatalogue(text, source);
  const { entries, previous } = await store.replaceKev(catalogue, options.now);
  return {
    source,
    catalogVersion: catalogue.catalogVersion,
    dateReleased: catalogue.dateReleased,
    entries,
    ...(previous ? { previous } : {}),
  };
}

/** `db import-epss`: reads one day's EPSS file (gzip or plain, file or URL), then replaces the stored scores. */
export async function importEpss(
  store: ExploitDataStore,
  source: string,
  options: { fetchBytes?: FetchBytes; now: Date },
): Promise<EpssImportReport> {
  const parsed = await parseEpssFile(await readSource(source, options.fetchBytes), source);
  const { scores, previous } = await store.replaceEpss(parsed, options.now);
  return {
    source,
    modelVersion: parsed.modelVersion,
    scoreDate: parsed.scoreDate,
    scores,
    ...(previous ? { previous } : {}),
  };
}
