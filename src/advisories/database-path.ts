import { join, resolve } from "node:path";
import envPaths from "env-paths";

/**
 * Where the advisory database lives: `options.db` (the `--db` flag), else the `BULWARK_DB` environment
 * variable, else `advisories.db` in the user's data directory (e.g. ~/.local/share/bulwark on Linux).
 */
export function resolveDatabasePath(options: { db?: string } = {}): string {
  const given = options.db?.trim() || process.env.BULWARK_DB?.trim();
  if (given) return resolve(given);
  return join(envPaths("bulwark", { suffix: "" }).data, "advisories.db");
}
