import { BulwarkError, type BulwarkErrorOptions } from "../../model/errors.js";

/**
 * A request to the OSV-compatible API that cannot be answered as asked (code USAGE, a 400, unless given
 * another such as INPUT_NOT_FOUND). The message starts with api.osv.dev's own wording where it has one, so
 * clients that match on it keep working, and then names the offending query and field.
 */
export class OsvApiError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("USAGE", message, options);
  }
}
