import { open, stat } from "node:fs/promises";
import { ProvenanceError, VerificationFailure } from "./errors.js";

/** Largest JSON document (bundle, attestation set, trusted root) read: larger inputs are rejected, not parsed. */
export const MAX_JSON_BYTES = 32 * 1024 * 1024;

/** Largest file read whole (an artifact to hash and verify): Node reads at most 2 GiB in one buffer. */
export const MAX_FILE_BYTES = 2 ** 31 - 1;

/**
 * Whose file it is, which decides what a problem with it means. `evidence` (a bundle, attestations, registry
 * metadata) is what verification examines: a malformed or oversized one is rejected (VerificationFailure,
 * exit 1), like a bad signature. `input` (an artifact, a key, a trusted root, registry keys, a predicate) is
 * what the caller supplies to examine it with: when it cannot be used, nothing was examined (ProvenanceError,
 * exit 2). A file that cannot be read at all is always an input problem.
 */
export type InputRole = "evidence" | "input";

/** How to read a file: its role (default `input`) and a size limit (default MAX_FILE_BYTES). */
export interface ReadOptions {
  role?: InputRole;
  maxBytes?: number;
}

/**
 * Reads a file's bytes after checking its size, turning a missing, unreadable or oversized file into an
 * error that names it (codes INPUT_NOT_FOUND, INPUT_UNREADABLE, INPUT_TOO_LARGE).
 */
export async function readInputFile(path: string, what: string, options: ReadOptions = {}): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, "r");
  } catch (error) {
    throw unreadable(error, path, what);
  }
  try {
    const info = await file.stat();
    if (!info.isFile()) {
      throw new ProvenanceError(`${what} ${path} is not a regular file`, {
        code: "INPUT_UNREADABLE",
        details: { path },
      });
    }
    if (info.size > maxBytes) {
      const message = `${what} ${path} is ${info.size} bytes, more than the ${maxBytes}-byte limit`;
      if (options.role === "evidence") throw new VerificationFailure("input", message, { details: { path } });
      throw new ProvenanceError(message, { code: "INPUT_TOO_LARGE", details: { path, size: info.size } });
    }
    return await file.readFile();
  } catch (error) {
    if (error instanceof ProvenanceError || error instanceof VerificationFailure) throw error;
    throw unreadable(error, path, what);
  } finally {
    await file.close();
  }
}

/** Whether a file exists (any kind of entry); used to pick optional files such as refreshed trust material. */
export async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function unreadable(error: unknown, path: string, what: string): ProvenanceError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === "ENOENT"
      ? "no such file"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied"
        : code === "EISDIR"
          ? "it is a folder"
          : (code ?? String(error));
  return new ProvenanceError(`cannot read ${what} ${path}: ${reason}`, {
    code: code === "ENOENT" ? "INPUT_NOT_FOUND" : "INPUT_UNREADABLE",
    details: { path },
    hint: "check the path",
    cause: error,
  });
}

/**
 * Parses JSON text from `source` (a file name or description), rejecting oversized or malformed input with
 * a reason naming the source: a VerificationFailure for evidence (the default), a ProvenanceError
 * (PARSE_FAILED) for an input (see InputRole).
 */
export function parseJsonInput(text: string | Buffer, source: string, role: InputRole = "evidence"): unknown {
  const fail = (message: string, code: "INPUT_TOO_LARGE" | "PARSE_FAILED") =>
    role === "evidence"
      ? new VerificationFailure("input", message)
      : new ProvenanceError(message, { code, details: { source } });
  if (text.length > MAX_JSON_BYTES) {
    throw fail(`${source} is larger than ${MAX_JSON_BYTES} bytes`, "INPUT_TOO_LARGE");
  }
  try {
    return JSON.parse(typeof text === "string" ? text : text.toString("utf8"));
  } catch (error) {
    throw fail(`${source} is not valid JSON: ${(error as Error).message}`, "PARSE_FAILED");
  }
}

/** Reads and parses a JSON file of the given role (default `evidence`), at most MAX_JSON_BYTES. */
export async function readJsonFile(
  path: string,
  what: string,
  role: InputRole = "evidence",
): Promise<unknown> {
  const bytes = await readInputFile(path, what, { role, maxBytes: MAX_JSON_BYTES });
  return parseJsonInput(bytes, `${what} ${path}`, role);
}
