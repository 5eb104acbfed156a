import { groupAliases } from "../advisories/aliases.js";
import type { AdvisoryDatabase } from "../advisories/database.js";
import { fixedVersions, isAffected } from "../advisories/matcher.js";
import type { AdvisoryPort } from "./advisory-port.js";

/**
 * The scan's view of an advisory database: its queries plus the advisories module's grouping and range
 * functions. Imports the parts a scan needs, not the advisories barrel (which also loads the importer, the
 * HTTP client and ajv: about 100 ms of start-up a scan never uses).
 */
export function databasePort(db: Pick<AdvisoryDatabase, "query" | "recordsFor">): AdvisoryPort {
  return {
    query: (q) => db.query(q),
    recordsFor: (ecosystem, name) => db.recordsFor(ecosystem, name),
    groupAliases,
    fixedVersions,
    isAffected,
  };
}
