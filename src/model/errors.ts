/**
 * The stable, machine-readable codes of Bulwark's errors, with what each means. A library error carries one;
 * the CLI maps it to an exit code and a hint that names its flags (src/cli/error-map.ts), the server to an
 * HTTP status and a problem body. Codes are part of the public contract: add new ones, never rename.
 */
export const ERROR_CODES = {
  USAGE: "the command line or request asks for something that does not exist or is not valid",
  INPUT_NOT_FOUND: "a file, folder or record that was named does not exist",
  INPUT_UNREADABLE: "a named input exists but cannot be read (permissions, binary data, not a regular file)",
  INPUT_TOO_LARGE: "an input is over a size limit and was not read",
  INPUT_UNSAFE: "an input was refused as hostile (path traversal, decompression bomb, excessive nesting)",
  UNKNOWN_FORMAT: "the format of an input is not known or not recognised",
  PARSE_FAILED: "an input in a known format cannot be parsed",
  NOTHING_TO_SCAN: "the inputs hold no lockfile, manifest or SBOM that Bulwark reads",
  CONFIG_INVALID: "a configuration file (bulwark.toml) has unknown or invalid entries",
  POLICY_INVALID: "a policy file has unknown or invalid rules",
  VEX_INVALID: "a VEX document cannot be read or understood",
  PURL_INVALID: "a package URL is not valid",
  ADVISORY_INVALID: "an advisory record is not a valid OSV record",
  ADVISORY_DB_MISSING: "there is no advisory database, or it holds no records",
  ADVISORY_DB_UNUSABLE: "the advisory database cannot be opened or is not an advisory database",
  ADVISORY_DB_CORRUPT: "the advisory database is damaged",
  ADVISORY_DB_READ_ONLY: "the advisory database cannot be written (read-only file or folder)",
  IMPORT_FAILED: "an advisory import source cannot be used; nothing was changed",
  IMPORT_EMPTY: "an advisory import offered no valid record",
  NETWORK_REFUSED: "an outbound request was refused by policy (scheme, host or private address)",
  NETWORK_FAILED: "an outbound request failed (network error or an HTTP error answer)",
  OFFLINE: "the network is needed but offline mode forbids it",
  RISK_INPUT: "a risk assessment cannot start (missing path, failed clone, bad signals file)",
  PROVENANCE_INPUT: "the inputs of a signature or provenance operation cannot be used",
  VERIFICATION_FAILED: "a signature, attestation or policy check examined the evidence and rejected it",
  ABORTED: "the operation was cancelled",
  CONFLICT: "the request conflicts with the current state",
  UNAUTHENTICATED: "no valid credentials were given",
  FORBIDDEN: "the credentials do not allow this",
  STORE_SCHEMA_NEWER: "the store was written by a newer Bulwark and cannot be used by this one",
  STORE_FAILED: "the store cannot be reached or answered with an error",
  INTERNAL: "an unexpected failure inside Bulwark",
} as const;

/** One of the stable error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** What every Bulwark error may carry besides its message. */
export interface BulwarkErrorOptions {
  /** Overrides the error class's default code where a more precise one applies. */
  code?: ErrorCode;
  /** Structured facts for programs (a path, a line, a limit); JSON-serialisable. */
  details?: Record<string, unknown>;
  /** What to do about it, in words that name no command-line flag (the CLI adds those). */
  hint?: string;
  cause?: unknown;
}

/**
 * Base of every error Bulwark reports to a user. `message` says what went wrong and where, `code` is stable
 * for programs, `details` holds structured facts and `hint` says what to do. Each module defines its own
 * subclass with a default code so callers can tell them apart.
 */
export class BulwarkError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  readonly hint?: string;

  constructor(defaultCode: ErrorCode, message: string, options: BulwarkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? defaultCode;
    this.details = options.details ?? {};
    this.hint = options.hint;
  }
}

/** Whether a thrown value is a BulwarkError with one of the given codes. */
export function hasCode(error: unknown, ...codes: ErrorCode[]): error is BulwarkError {
  return error instanceof BulwarkError && codes.includes(error.code);
}

/** The message of any thrown value, for wrapping library errors into a reason a person can read. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Throws an ABORTED error when the signal has fired; long work calls it between steps. */
export function throwIfAborted(signal: AbortSignal | undefined, what = "the operation"): void {
  if (signal?.aborted) throw new AbortedError(`${what} was cancelled`, { cause: signal.reason });
}

/** Work was cancelled through its AbortSignal. */
export class AbortedError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("ABORTED", message, options);
  }
}
