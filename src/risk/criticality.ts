import type { HistoryResult } from "./history.js";
import { organisationOf } from "./organisations.js";

/** One criticality signal: weight and threshold from criticality_score's original (Pike) configuration. */
export interface SignalDefinition {
  name: string;
  weight: number;
  threshold: number;
  /** True for updated_since: a smaller value is better (the original gives it weight -1). */
  smallerIsBetter?: boolean;
}

/**
 * Default signals, weights and thresholds of ossf/criticality_score's original Python project
 * (criticality_score/constants.py, the same values as config/scorer/original_pike.yml), where
 * updated_since has weight -1 (the Go scorer writes it as weight 1 with smaller_is_better).
 */
export const SIGNALS: readonly SignalDefinition[] = [
  { name: "created_since", weight: 1, threshold: 120 },
  { name: "updated_since", weight: -1, threshold: 120, smallerIsBetter: true },
  { name: "contributor_count", weight: 2, threshold: 5000 },
  { name: "org_count", weight: 1, threshold: 10 },
  { name: "commit_frequency", weight: 1, threshold: 1000 },
  { name: "recent_release_count", weight: 0.5, threshold: 26 },
  { name: "updated_issues_count", weight: 0.5, threshold: 5000 },
  { name: "closed_issues_count", weight: 0.5, threshold: 5000 },
  { name: "comment_frequency", weight: 1, threshold: 15 },
  { name: "dependents_count", weight: 2, threshold: 500000 },
];

/** Where each signal value came from. */
export type SignalSource = "git" | "signals-file";

/** The criticality result: score in [0, 1], the signals used with their source, and those missing. */
export interface CriticalityResult {
  score: number | null;
  signals: Record<string, { value: number; source: SignalSource }>;
  missing: string[];
  reason?: string;
}

const DAY = 86_400;
const MONTH = 30 * DAY;

/**
 * Signals a clone gives: months since the first commit (created_since) and since the last
 * (updated_since), distinct author emails (contributor_count), organisations by email domain among them
 * (org_count), commits per week over the last year (commit_frequency), tags created in the last year
 * (recent_release_count).
 */
export function gitSignals(history: HistoryResult, now: Date): Record<string, number> {
  if (!history.available || history.commits.length === 0) return {};
  const t = Math.floor(now.getTime() / 1000);
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  let lastYear = 0;
  const authors = new Set<string>();
  const orgs = new Set<string>();
  for (const c of history.commits) {
    first = Math.min(first, c.authorTime, c.commitTime);
    last = Math.max(last, c.commitTime);
    if (t - c.commitTime <= 365 * DAY) lastYear++;
    if (!authors.has(c.authorEmail)) {
      authors.add(c.authorEmail);
      const org = organisationOf(c.authorEmail);
      if (org) orgs.add(org);
    }
  }
  const updatedSince = Math.max(0, Math.round((t - last) / MONTH));
  // A shallow clone reaches neither the first commit nor all authors: only the last update is known.
  if (history.shallow) return { updated_since: updatedSince };
  return {
    created_since: Math.max(0, Math.round((t - first) / MONTH)),
    updated_since: updatedSince,
    contributor_count: authors.size,
    org_count: orgs.size,
    commit_frequency: Math.round((lastYear / 52) * 10) / 10,
    recent_release_count: history.tags.filter((tag) => t - tag.time <= 365 * DAY).length,
  };
}

/**
 * criticality_score's formula: Σ wᵢ·log(1+min(Sᵢ,Tᵢ))/log(1+Tᵢ) / Σ wᵢ over the signals present (missing
 * signals are dropped from both sums), rounded to 5 decimals as the original prints it.
 */
export function criticalityScore(values: Record<string, number>): number | null {
  let total = 0;
  let weights = 0;
  for (const s of SIGNALS) {
    const v = values[s.name];
    if (v === undefined || !Number.isFinite(v)) continue;
    total += (s.weight * Math.log(1 + Math.min(Math.max(v, 0), s.threshold))) / Math.log(1 + s.threshold);
    weights += s.weight;
  }
  // The original divides by the plain sum of weights (updated_since counts -1).
  if (weights <= 0) return null;
  return Math.round((total / weights) * 1e5) / 1e5;
}

/**
 * Parses a `--signals` JSON object: `{ "signal_name": number, ... }`. Unknown names and non-numbers are
 * errors naming the field (a typo must not silently drop a signal).
 */
export function parseSignals(text: string, file: string): Record<string, number> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new Error(`${file} must hold a JSON object of signal names to numbers`);
  }
  const known = new Set(SIGNALS.map((s) => s.name));
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(doc)) {
    if (!known.has(name))
      throw new Error(`${file}: unknown signal "${name}" (known: ${[...known].join(", ")})`);
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new Error(`${file}: signal "${name}" must be a non-negative number`);
    }
    out[name] = value;
  }
  return out;
}

/** Combines git signals with supplied ones (supplied values win) and computes the score. */
export function assessCriticality(
  history: HistoryResult,
  now: Date,
  supplied: Record<string, number> = {},
): CriticalityResult {
  const signals: CriticalityResult["signals"] = {};
  for (const [name, value] of Object.entries(gitSignals(history, now)))
    signals[name] = { value, source: "git" };
  for (const [name, value] of Object.entries(supplied)) signals[name] = { value, source: "signals-file" };
  const values = Object.fromEntries(Object.entries(signals).map(([k, v]) => [k, v.value]));
  const missing = SIGNALS.map((s) => s.name).filter((n) => signals[n] === undefined);
  const score = criticalityScore(values);
  return {
    score,
    signals,
    missing,
    reason: score === null ? (history.available ? "no signals available" : history.reason) : undefined,
  };
}
