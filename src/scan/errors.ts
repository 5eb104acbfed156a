import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

/** A VEX document that cannot be read or understood; the message names the file. */
export class VexError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("VEX_INVALID", message, options);
  }
}

/** A `bulwark.toml` (or `--config` file) that cannot be read or has unknown or invalid entries. */
export class ScanConfigError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("CONFIG_INVALID", message, options);
  }
}
