import picomatch from "picomatch";
import type { ProbeFinding } from "./types.js";

/** One `[[risk.suppress]]` entry of bulwark.toml: findings of `check` under `path` are accepted for `reason`. */
export interface Suppression {
  check: string;
  path: string;
  reason: string;
}

/** Marks the findings of `check` whose location matches a suppression's glob; returns the same array. */
export function applySuppressions(
  check: string,
  findings: ProbeFinding[],
  suppressions: Suppression[],
): ProbeFinding[] {
  const relevant = suppressions
    .filter((s) => s.check.toLowerCase() === check.toLowerCase())
    .map((s) => ({ s, match: picomatch(s.path, { dot: true }) }));
  if (relevant.length === 0) return findings;
  for (const finding of findings) {
    const path = finding.location?.path;
    if (!path || finding.outcome !== "negative") continue;
    const hit = relevant.find((r) => r.match(path));
    if (hit) finding.suppressed = hit.s.reason;
  }
  return findings;
}
