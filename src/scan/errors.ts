import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

/** A VEX document that cannot be read or understood; the message names the file. */
export class VexError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("VEX_INVALID", message, options);
  }
}
