import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { ExploitDataError } from "./errors.js";
import { CVE_ID, type EpssScore, type EpssScores } from "./exploit-data.js";

const gunzipAsync = promisify(gunzip);

/** Largest decompressed EPSS file accepted (the daily file is about 10 MB for 300,000 CVEs). */
export const MAX_EPSS_BYTES = 256 * 1024 * 1024;

const HEADER = "cve,epss,percentile";
const DECIMAL = /^(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/;

/**
 * Reads FIRST's daily EPSS file (`epss_scores-YYYY-MM-DD.csv`, gzip-compressed or not): the
 * `#model_version:...,score_date:...` line, the `cve,epss,percentile` header, then one CVE a line with two
 * probabilities between 0 and 1. Strict: any other line, a duplicate CVE, a missing header field or an empty
 * file is an ExploitDataError naming `source` and the line. A gzip stream that inflates past `maxBytes` is
 * refused (INPUT_TOO_LARGE).
 */
export async function parseEpssFile(
  bytes: Uint8Array,
  source: string,
  maxBytes = MAX_EPSS_BYTES,
): Promise<EpssScores> {
  let data = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      data = await gunzipAsync(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      const tooLarge = (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE";
      throw new ExploitDataError(
        tooLarge
          ? `${source}: decompresses to more than ${maxBytes} bytes`
          : `${source}: not a valid gzip file (${(error as Error).message})`,
        { code: tooLarge ? "INPUT_TOO_LARGE" : "PARSE_FAILED", details: { path: source } },
      );
    }
  }
  if (data.length > maxBytes)
    throw new ExploitDataError(`${source}: over the ${maxBytes}-byte limit`, {
      code: "INPUT_TOO_LARGE",
      details: { path: source, limit: maxBytes },
    });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    throw new ExploitDataError(`${source}: not a text file (invalid UTF-8)`, { details: { path: source } });
  }
  return parseEpssText(text, source);
}

/** parseEpssFile on text already decoded. */
export function parseEpssText(text: string, source: string): EpssScores {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  const fail = (line: number, message: string, hint?: string): never => {
    throw new ExploitDataError(`${source}: line ${line}: ${message}`, {
      details: { path: source, line },
      hint: hint ?? "check that the file is an EPSS daily scores file (epss_scores-YYYY-MM-DD.csv.gz)",
    });
  };
  const meta = metadata(lines[0]?.trimEnd() ?? "", (m) => fail(1, m));
  if ((lines[1]?.trimEnd() ?? "") !== HEADER)
    fail(2, `expected the header "${HEADER}", found "${clip(lines[1]?.trimEnd() ?? "")}"`);
  const scores: EpssScore[] = [];
  const seen = new Set<string>();
  let last = lines.length;
  while (last > 2 && (lines[last - 1] ?? "").trim() === "") last--;
  for (let i = 2; i < last; i++) {
    const line = (lines[i] as string).replace(/\r$/, "");
    const fields = line.split(",");
    if (fields.length !== 3) fail(i + 1, `expected 3 fields (cve,epss,percentile), found ${fields.length}`);
    const [cve, epss, percentile] = fields as [string, string, string];
    if (!CVE_ID.test(cve)) fail(i + 1, `"${clip(cve)}" is not a CVE id`);
    for (const [name, value] of [
      ["epss", epss],
      ["percentile", percentile],
    ] as const)
      if (!DECIMAL.test(value)) fail(i + 1, `${name} "${clip(value)}" is not a number between 0 and 1`);
    if (seen.has(cve)) fail(i + 1, `${cve} is scored twice`);
    seen.add(cve);
    scores.push({ cve, epss: Number(epss), percentile: Number(percentile) });
  }
  if (scores.length === 0) fail(3, "the file holds no scores", "the download is incomplete: fetch it again");
  return { ...meta, scores };
}

/** `#model_version:v2025.03.14,score_date:2025-03-17T00:00:00+0000`: both fields required. */
function metadata(
  line: string,
  fail: (message: string) => never,
): { modelVersion: string; scoreDate: string } {
  if (!line.startsWith("#"))
    fail(`expected the "#model_version:...,score_date:..." line, found "${clip(line)}"`);
  const fields = new Map<string, string>();
  for (const part of line.slice(1).split(",")) {
    const colon = part.indexOf(":");
    if (colon > 0) fields.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  const modelVersion = fields.get("model_version");
  const rawDate = fields.get("score_date");
  if (!modelVersion) fail(`the first line names no model_version: "${clip(line)}"`);
  if (!rawDate) fail(`the first line names no score_date: "${clip(line)}"`);
  // Older files write the offset as +0000, which Date.parse does not take.
  const time = Date.parse((rawDate as string).replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  if (Number.isNaN(time)) fail(`score_date "${clip(rawDate as string)}" is not a date`);
  return { modelVersion: modelVersion as string, scoreDate: new Date(time).toISOString() };
}

/** A value quoted in an error, shortened so that a binary or huge line does not flood the terminal. */
function clip(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, "?");
  return printable.length > 60 ? `${printable.slice(0, 57)}...` : printable;
}
