import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

/** Where in a file a parse problem is: 1-based line and column when known. */
export interface ExtractErrorOptions extends BulwarkErrorOptions {
  line?: number;
  column?: number;
}

/** Said when an extractor has nothing more precise to suggest. */
const DEFAULT_HINT = "check that the file is complete and as its tool wrote it (or regenerate it)";

/**
 * A file an extractor cannot read (code PARSE_FAILED unless given another). The message says what is wrong
 * without repeating the file's path: the inventory reports it against the file, with `line` and `column`.
 * Every one carries a hint (a generic one unless given).
 */
export class ExtractError extends BulwarkError {
  readonly line?: number;
  readonly column?: number;
  constructor(message: string, options: ExtractErrorOptions = {}) {
    const { line, column, ...rest } = options;
    super("PARSE_FAILED", message, {
      ...rest,
      hint: rest.hint ?? DEFAULT_HINT,
      details: { ...rest.details, ...(line ? { line } : {}), ...(column ? { column } : {}) },
    });
    this.line = line;
    this.column = column;
  }
}
