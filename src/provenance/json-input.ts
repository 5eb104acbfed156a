import { readFileSync, statSync } from "node:fs";
import { ProvenanceError, VerificationFailure } from "./errors.js";

/** Largest JSON document (bundle, attestation set, trusted root) read: larger inputs are rejected, not parsed. */
export const MAX_JSON_BYTES = 32 * 1024 * 1024;

/** Reads a file's bytes, turning a missing or unreadable file into an error that names it. */
export function readInputFile(path: string, what: string, maxBytes = Number.POSITIVE_INFINITY): Buffer {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new ProvenanceError(
      `cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      {
        hint: "check the path",
        cause: error,
      },
    );
  }
  if (size > maxBytes) {
    throw new VerificationFailure(
      "input",
      `${what} ${path} is ${size} bytes, more than the ${maxBytes}-byte limit`,
    );
  }
  return readFileSync(path);
}

/**
 * Parses JSON text from `source` (a file name or description), rejecting oversized or malformed input with
 * a reason naming the source. Rejections are verification failures: the evidence itself is unusable.
 */
export function parseJsonInput(text: string | Buffer, source: string): unknown {
  if (text.length > MAX_JSON_BYTES) {
    throw new VerificationFailure("input", `${source} is larger than ${MAX_JSON_BYTES} bytes`);
  }
  try {
    return JSON.parse(typeof text === "string" ? text : text.toString("utf8"));
  } catch (error) {
    throw new VerificationFailure("input", `${source} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads and parses a JSON file. */
export function readJsonFile(path: string, what: string): unknown {
  return parseJsonInput(readInputFile(path, what, MAX_JSON_BYTES), `${what} ${path}`);
}
