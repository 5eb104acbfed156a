import type { Finding, SeverityRating } from "../model/finding.js";

/** `--fail-on` levels, most to least strict threshold. */
export const FAIL_ON_LEVELS = ["critical", "high", "medium", "low", "any"] as const;
/** A `--fail-on` level. */
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

/** Exit code when unsuppressed findings at or above the threshold remain. */
export const EXIT_FINDINGS = 1;

const THRESHOLD: Record<FailOn, readonly SeverityRating[]> = {
  critical: ["critical"],
  high: ["critical", "high"],
  medium: ["critical", "high", "medium"],
  low: ["critical", "high", "medium", "low"],
  any: ["critical", "high", "medium", "low", "unknown"],
};

/** Whether a string is a `--fail-on` level. */
export function isFailOn(value: string): value is FailOn {
  return (FAIL_ON_LEVELS as readonly string[]).includes(value);
}

/**
 * The findings that fail the build: unsuppressed, rated at or above the level. A finding of unknown severity
 * fails only `any` (we cannot say it reaches a named level).
 */
export function failingFindings(findings: readonly Finding[], level: FailOn): Finding[] {
  const ratings = THRESHOLD[level];
  return findings.filter((f) => !f.suppressed && ratings.includes(f.severity.rating));
}

/** 0 when nothing at or above the level remains, 1 when something does. */
export function exitCodeFor(findings: readonly Finding[], level: FailOn): number {
  return failingFindings(findings, level).length > 0 ? EXIT_FINDINGS : 0;
}
