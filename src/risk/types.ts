/**
 * Shared types of the risk assessment: probes report explicit outcomes with evidence, checks turn those
 * outcomes into a 0–10 score (or say why they could not), the assessment aggregates them.
 */

/** What a probe concluded. `positive` is good for security, `negative` is a problem to fix. */
export type ProbeOutcome = "positive" | "negative" | "not-applicable" | "not-available" | "error";

/** Where the evidence is: a repository-relative path and a 1-based line when known. */
export interface EvidenceLocation {
  path: string;
  line?: number;
}

/** One probe result: which probe, what it concluded, why, and where. */
export interface ProbeFinding {
  probe: string;
  outcome: ProbeOutcome;
  message: string;
  location?: EvidenceLocation;
  /** Typed facts behind the outcome (e.g. the permission name, the dependency type). */
  values?: Record<string, string | number | boolean>;
  /** Set when a `bulwark.toml` suppression matched this finding; suppressed findings do not count. */
  suppressed?: string;
}

/** Scorecard's risk levels; the aggregate weighs checks by them. */
export type RiskLevel = "Critical" | "High" | "Medium" | "Low";

/** Weight of each risk level in the aggregate score. */
export const RISK_WEIGHTS: Readonly<Record<RiskLevel, number>> = {
  Critical: 10,
  High: 7.5,
  Medium: 5,
  Low: 2.5,
};

/** The result of one check. `score` is null exactly when `status` is "not-evaluated". */
export interface CheckResult {
  name: string;
  risk: RiskLevel;
  status: "evaluated" | "not-evaluated";
  score: number | null;
  reason: string;
  findings: ProbeFinding[];
}

/** A check's verdict before it is stamped with its name and risk. */
export type CheckVerdict =
  | { score: number; reason: string; findings: ProbeFinding[] }
  | { score: null; reason: string; findings: ProbeFinding[] };

/** Builds an evaluated verdict, clamping the score to 0–10 and rounding down as Scorecard does. */
export function scored(score: number, reason: string, findings: ProbeFinding[]): CheckVerdict {
  return { score: Math.max(0, Math.min(10, Math.floor(score))), reason, findings };
}

/**
 * Builds a not-evaluated verdict with the reason the repository could not answer. The reason is also
 * recorded as an explicit finding: `not-applicable` when there is nothing to assess (no workflows, no
 * dependencies), `not-available` when the evidence exists elsewhere (forge API, missing history).
 */
export function notEvaluated(
  reason: string,
  findings: ProbeFinding[] = [],
  outcome: "not-applicable" | "not-available" = "not-available",
): CheckVerdict {
  return { score: null, reason, findings: [...findings, { probe: "evaluation", outcome, message: reason }] };
}
