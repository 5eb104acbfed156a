/**
 * OSV advisories: reading and validating records, matching package versions against them, grouping
 * aliases, and the local advisory database (import, update, query).
 */
export { type AliasGroup, compareIdPreference, groupAliases } from "./aliases.js";
export {
  type AdvisoryDatabase,
  type AdvisoryMatch,
  type DatabaseStatus,
  openAdvisoryDatabase,
  openSqliteAdvisoryDatabase,
  SqliteAdvisoryDatabase,
} from "./database.js";
export { resolveDatabasePath } from "./database-path.js";
export { ecosystemMatches, releaseOf } from "./ecosystem-match.js";
export { AdvisoryError, DatabaseMissingError, ImportSourceError } from "./errors.js";
export { type ImportOptions, type ImportReport, importAdvisories } from "./import.js";
export {
  type AdvisoryQuery,
  evaluateRecord,
  fixedVersions,
  isAffected,
  type RecordEvaluation,
} from "./matcher.js";
export { type InvalidRecord, type ParsedDocument, parseOsvDocument } from "./osv-reader.js";
export { OSV_COMPACT_SCHEMA, type OsvValidation, validateOsvRecord } from "./osv-schema.js";
export { createProgressBar, type ProgressBar } from "./progress-bar.js";
export { formatQueryTable, type QueryResult, type QueryResultVuln, queryResult } from "./query-output.js";
export { type BatchQuery, type BatchResponse, parseBatchRequest, runQueryBatch } from "./querybatch.js";
export { commitInRange, versionInRange } from "./range-evaluation.js";
export { OSV_BASE_URL, type UpdateOptions, type UpdateReport, updateAdvisories } from "./update.js";
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from "./zip-reader.js";
