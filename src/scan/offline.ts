import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

/** A network access was attempted while `--offline` forbids it. */
export class OfflineError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("OFFLINE", message, options);
  }
}

/**
 * Guard for every network access a scan may ever make (none today: the scan reads only local files and the
 * local database). Any future fetch (provenance, registry metadata) must call this first.
 */
export function assertNetworkAllowed(options: { offline?: boolean }, what: string): void {
  if (options.offline) {
    throw new OfflineError(`offline mode forbids network access (${what})`, { details: { what } });
  }
}
