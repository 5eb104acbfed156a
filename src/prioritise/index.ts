/**
 * Prioritisation: CISA's Known Exploited Vulnerabilities catalogue and FIRST's EPSS scores (readers and a
 * store), and the one documented priority of a finding. See docs/prioritisation.md.
 */
import type { Finding } from "../model/finding.js";
import type { ExploitDataReader, ExploitFacts } from "./exploit-data.js";

export { MAX_EPSS_BYTES, parseEpssFile, parseEpssText } from "./epss.js";
export { ExploitDataError } from "./errors.js";
export {
  CVE_ID,
  cveIdsOf,
  type EpssScore,
  type EpssScores,
  type ExploitDataReader,
  type ExploitDataStatus,
  type ExploitDataStore,
  type ExploitFacts,
  epssScoreOf,
  type KevCatalogue,
  type KevEntry,
  kevEntryOf,
  NO_EXPLOIT_FACTS,
} from "./exploit-data.js";
export { parseKevCatalogue } from "./kev.js";
export { MemoryExploitStore } from "./memory-store.js";
export {
  contextsOf,
  DEVELOPMENT_GROUPS,
  EXPOSURE_TAGS,
  isDevelopmentOnly,
  PRIORITY_BANDS,
  PRIORITY_POINTS,
  type PriorityContext,
  prioritiseFindings,
  priorityOf,
  sortByPriority,
} from "./priority.js";
export { openSqliteExploitStore } from "./sqlite-store.js";

/** The KEV entries and EPSS scores of every id and alias of these findings, in one look-up. */
export function exploitFactsFor(
  reader: ExploitDataReader,
  findings: readonly Finding[],
): Promise<ExploitFacts> {
  return reader.lookup(findings.flatMap((f) => [f.id, ...f.aliases]));
}
export {
  type EpssImportReport,
  type FetchBytes,
  importEpss,
  importKev,
  type KevImportReport,
  MAX_SOURCE_BYTES,
} from "./import.js";
