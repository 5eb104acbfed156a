import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

/**
 * A KEV catalogue or EPSS file that cannot be used (code PARSE_FAILED by default), naming the file and,
 * where known, the line; or an exploit-data store that cannot be opened or written (a store code).
 */
export class ExploitDataError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("PARSE_FAILED", message, options);
  }
}
