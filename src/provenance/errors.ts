import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

export { reasonOf } from "../model/errors.js";

/**
 * A problem with the inputs of a provenance operation (a file that cannot be read, a key in an unknown
 * format, a missing option): code PROVENANCE_INPUT unless a more precise one is given.
 */
export class ProvenanceError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("PROVENANCE_INPUT", message, options);
  }
}

/**
 * The evidence was examined and rejected: a signature, certificate, log entry, subject or policy check
 * failed (code VERIFICATION_FAILED). `check` names the step that failed so callers can group failures.
 */
export class VerificationFailure extends BulwarkError {
  readonly check: string;

  constructor(check: string, message: string, options: BulwarkErrorOptions = {}) {
    super("VERIFICATION_FAILED", message, { ...options, details: { check, ...options.details } });
    this.check = check;
  }
}
