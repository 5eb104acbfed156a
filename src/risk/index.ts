/**
 * Risk assessment of a repository: Scorecard-style checks built from probes, the OpenSSF criticality
 * score, and the language composition with its memory-unsafe share.
 */
export { aggregateScore, assessRisk, type RiskOptions, type RiskReport } from "./assess.js";
export type { CheckContext, CheckDefinition } from "./check.js";
export { CHECKS, findCheck } from "./checks/index.js";
export { type Checkout, type CloneOptions, cloneRepository, isGitUrl } from "./clone.js";
export {
  assessCriticality,
  type CriticalityResult,
  criticalityScore,
  parseSignals,
  SIGNALS,
} from "./criticality.js";
export { RiskError } from "./errors.js";
export { type BaseEnvironment, gitEnvironment } from "./git.js";
export { type HistoryOptions, type HistoryResult, readHistory } from "./history.js";
export { assessLanguages, type LanguageReport, MEMORY_UNSAFE } from "./languages.js";
export { type RepoFile, Repository } from "./repository.js";
export { type GitScope, gitScope } from "./scope.js";
export type { CheckResult, EvidenceLocation, ProbeFinding, ProbeOutcome, RiskLevel } from "./types.js";
