import { join, resolve } from "node:path";
import envPaths from "env-paths";

/**
 * Where the advisory database lives: `db` (the `--db` flag), else `env` (the caller passes the `BULWARK_DB`
 * environment variable), else `advisories.db` in the user's data directory (e.g. ~/.local/share/bulwark on
 * Linux).
 */
export function resolveDatabasePath(options: { db?: string; env?: string } = {}): string {
  const given = options.db?.trim() || options.env?.trim();
  if (given) return resolve(given);
  return join(envPaths("bulwark", { suffix: "" }).data, "advisories.db");
}
