import { BulwarkError } from "../model/errors.js";

/** A VEX document that cannot be read or understood; the message names the file. */
export class VexError extends BulwarkError {}

/** A `bulwark.toml` (or `--config` file) that cannot be read or has unknown or invalid entries. */
export class ScanConfigError extends BulwarkError {}
