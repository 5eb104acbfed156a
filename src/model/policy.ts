import type { SourceLocation } from "./package.js";

/** How much a policy violation matters: `fail` fails the build (exit 1), `warn` and `info` are reported. */
export const POLICY_LEVELS = ["fail", "warn", "info"] as const;
/** A violation level. */
export type PolicyLevel = (typeof POLICY_LEVELS)[number];

/** What a violation is about: one finding, one package, or the project itself. */
export type PolicySubject =
  | { kind: "finding"; id: string; aliases: string[]; purl: string }
  | { kind: "package"; purl: string }
  | { kind: "project"; name?: string };

/** One rule of a policy that one subject breaks. */
export interface PolicyViolation {
  /** The rule's name. */
  rule: string;
  level: PolicyLevel;
  subject: PolicySubject;
  /** What was found, in words: every condition of the rule and the value that met it. */
  message: string;
  locations?: SourceLocation[];
}

/** A policy's verdict on one project. */
export interface PolicyOutcome {
  /** The policy file (or name) evaluated. */
  policy: string;
  project?: string;
  violations: PolicyViolation[];
  counts: Record<PolicyLevel, number>;
  /** Conditions that could not be judged (no KEV or EPSS data, no risk results): said, never silent. */
  notes: string[];
}
