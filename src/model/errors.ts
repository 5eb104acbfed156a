/**
 * Base of every error Bulwark reports to a user. `message` says what went wrong and where; `hint` says what
 * to do about it. Each module defines its own subclass so callers can tell them apart.
 */
export class BulwarkError extends Error {
  /** Process exit code when this error ends a command (2 = usage or runtime error). */
  readonly exitCode: number = 2;
  readonly hint?: string;

  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}
