import type { AdvisoryReader } from "../advisories/ports.js";
import { hasCode } from "../model/errors.js";

/**
 * Opens the advisory database for a reading command. Where it lives: `--db`, else `BULWARK_DB`, else the
 * user data folder. TEMPORARY bridge over the synchronous database until the async SQLite reader lands.
 */
export async function openAdvisoriesForReading(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ reader: AdvisoryReader; close(): void }> {
  const { openAdvisoryDatabase, SqliteAdvisoryDatabase } = await import("../advisories/database.js");
  const db = openAdvisoryDatabase({ db: flag ?? env.BULWARK_DB });
  const sqlite = db as InstanceType<typeof SqliteAdvisoryDatabase>;
  const reader: AdvisoryReader = {
    query: async (q) => db.query(q),
    matchingIds: async (q) => sqlite.matchingIds(q),
    recordsFor: async (e, n) => db.recordsFor(e, n),
    get: async (id) => db.get(id),
    recordsAbout: async (id) => sqlite.recordsAbout(id),
    status: async () => {
      const s = db.status();
      return {
        location: s.path,
        sizeBytes: s.sizeBytes,
        records: s.records,
        withdrawn: s.withdrawn,
        ecosystems: s.ecosystems,
      };
    },
  };
  return { reader, close: () => db.close() };
}

/** openAdvisoriesForReading, or undefined when there is no database (commands for which advisories are optional). */
export async function openAdvisoriesIfPresent(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ reader: AdvisoryReader; close(): void } | undefined> {
  try {
    return await openAdvisoriesForReading(flag, env);
  } catch (error) {
    if (hasCode(error, "ADVISORY_DB_MISSING")) return undefined;
    throw error;
  }
}
