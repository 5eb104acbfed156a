import { BulwarkError } from "../model/errors.js";

/** A network access was attempted while `--offline` forbids it. */
export class OfflineError extends BulwarkError {}

/**
 * Guard for every network access a scan may ever make (none today: the scan reads only local files and the
 * local database). Any future fetch (provenance, registry metadata) must call this first.
 */
export function assertNetworkAllowed(options: { offline?: boolean }, what: string): void {
  if (options.offline) {
    throw new OfflineError(`--offline forbids network access (${what})`, {
      hint: "drop --offline, or run without the option that needs the network",
    });
  }
}
