import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

/** A notification rule or setting that cannot be used (code USAGE unless given another). */
export class NotifyError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("USAGE", message, options);
  }
}
