import { BulwarkError } from "../model/errors.js";

/** A problem with what `inventory()` was asked to read (a missing path, an unknown `--lockfile` format). */
export class InventoryInputError extends BulwarkError {}
