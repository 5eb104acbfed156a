import type { AdvisoryReader } from "../advisories/ports.js";
import type { HistoryResult } from "./history.js";
import type { Repository } from "./repository.js";
import type { CheckVerdict, ProbeFinding, RiskLevel } from "./types.js";

/** What a check may use: the tree, the git history (read once, lazily), options, and suppressions. */
export interface CheckContext {
  repo: Repository;
  /** One `git log` pass shared by all history-based checks. */
  history(): Promise<HistoryResult>;
  /** Reference time for "recent" (tests fix it). */
  now: Date;
  /** Advisories for the Vulnerabilities check (not evaluated without). */
  advisories?: AdvisoryReader;
  /** Marks findings matched by a `bulwark.toml` suppression for this check; returns them. */
  suppress(findings: ProbeFinding[]): ProbeFinding[];
}

/** A check: Scorecard's name and risk level, and the function computing its verdict from probes. */
export interface CheckDefinition {
  name: string;
  risk: RiskLevel;
  /** One line describing what the check looks for. */
  description: string;
  run(ctx: CheckContext): CheckVerdict | Promise<CheckVerdict>;
}

/** Findings that count toward a score: not suppressed. */
export function counted(findings: ProbeFinding[]): ProbeFinding[] {
  return findings.filter((f) => !f.suppressed);
}

/** Negative findings that count. */
export function countedNegatives(findings: ProbeFinding[]): ProbeFinding[] {
  return findings.filter((f) => f.outcome === "negative" && !f.suppressed);
}
