/**
 * OSV advisories: reading and validating records, matching package versions against them, grouping
 * aliases, and the advisory database (ports, import, update, query).
 */
export { type AliasGroup, compareIdPreference, groupAliases } from "./aliases.js";
export {
  type AdvisoryCacheSizes,
  type AdvisoryDatabaseOptions,
  createAdvisoryDatabase,
  DEFAULT_CACHE_SIZES,
  type OpenedAdvisoryDatabase,
  openAdvisoryDatabase,
  type SqliteAdvisoryOptions,
} from "./database.js";
export { resolveDatabasePath } from "./database-path.js";
export { type DownloadProgress, fetchUrl, type OpenUrl, type UrlResponse } from "./download.js";
export { ecosystemMatches, releaseOf } from "./ecosystem-match.js";
export { AdvisoryError, DatabaseMissingError, ImportEmptyError, ImportSourceError } from "./errors.js";
export { type ImportOptions, type ImportReport, importAdvisories, type ReadOptions } from "./import.js";
export { type EcosystemCheck, knownEcosystem } from "./known-ecosystems.js";
export {
  type AdvisoryQuery,
  evaluateRecord,
  fixedVersions,
  isAffected,
  type RecordEvaluation,
} from "./matcher.js";
export { type InvalidRecord, MAX_RECORD_DEPTH, type ParsedDocument, parseOsvDocument } from "./osv-reader.js";
export { OSV_COMPACT_SCHEMA, type OsvValidation, validateOsvRecord } from "./osv-schema.js";
export type {
  AdvisoryMatch,
  AdvisoryReader,
  AdvisoryStatus,
  AdvisoryWriter,
  EcosystemStatus,
  EcosystemUpdate,
  PackageKey,
  StoreOutcome,
  WriteResult,
} from "./ports.js";
export {
  type BatchQuery,
  type BatchResponse,
  parseBatchRequest,
  queryBatchJson,
  runQueryBatch,
} from "./querybatch.js";
export { commitInRange, isUnorderable, versionInRange } from "./range-evaluation.js";
export { recordSummary } from "./record-text.js";
export { OSV_BASE_URL, type UpdateOptions, type UpdateReport, updateAdvisories } from "./update.js";
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from "./zip-reader.js";
