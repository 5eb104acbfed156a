import { BulwarkError } from "../model/errors.js";

/**
 * A problem with the inputs of a provenance operation (a file that cannot be read, a key in an unknown
 * format, a missing option). Exit code 2, like every usage or runtime error.
 */
export class ProvenanceError extends BulwarkError {}

/**
 * The evidence was examined and rejected: a signature, certificate, log entry, subject or policy check
 * failed. Exit code 1. `check` names the step that failed so callers can group failures.
 */
export class VerificationFailure extends BulwarkError {
  override readonly exitCode: number = 1;
  readonly check: string;

  constructor(check: string, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options);
    this.check = check;
  }
}

/** The message of any thrown value, for wrapping library errors into a reason a person can read. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
