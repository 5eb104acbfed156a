import { type OpenedAdvisoryDatabase, openAdvisoryDatabase } from "../advisories/database.js";
import { resolveDatabasePath } from "../advisories/database-path.js";
import { hasCode } from "../model/errors.js";

/**
 * Opens the advisory database for a reading command, read-only. Where it lives: `--db`, else `BULWARK_DB`,
 * else the user data folder. DatabaseMissingError when there is none.
 */
export async function openAdvisoriesForReading(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<OpenedAdvisoryDatabase> {
  return openAdvisoryDatabase({ path: resolveDatabasePath({ db: flag, env: env.BULWARK_DB }), mode: "read" });
}

/** openAdvisoriesForReading, or undefined when there is no database (commands for which advisories are optional). */
export async function openAdvisoriesIfPresent(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<OpenedAdvisoryDatabase | undefined> {
  try {
    return await openAdvisoriesForReading(flag, env);
  } catch (error) {
    if (hasCode(error, "ADVISORY_DB_MISSING")) return undefined;
    throw error;
  }
}
