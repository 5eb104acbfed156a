import { BulwarkError } from "../model/errors.js";

/** A file an extractor cannot read. `line` is 1-based where the problem has a place. */
export class ExtractError extends BulwarkError {
  readonly line?: number;
  constructor(message: string, options?: { line?: number; cause?: unknown; hint?: string }) {
    super(message, options);
    this.line = options?.line;
  }
}
