import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

/**
 * A problem with what `inventory()` was asked to read: a missing path (INPUT_NOT_FOUND), an unknown
 * `lockfiles` format (UNKNOWN_FORMAT), a named input that cannot be read or parsed.
 */
export class InventoryInputError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("INPUT_NOT_FOUND", message, options);
  }
}
