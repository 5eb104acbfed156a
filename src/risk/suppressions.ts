import picomatch from "picomatch";
import { parse as parseToml } from "smol-toml";
import type { ProbeFinding } from "./types.js";

/** One `[[risk.suppress]]` entry of bulwark.toml: findings of `check` under `path` are accepted for `reason`. */
export interface Suppression {
  check: string;
  path: string;
  reason: string;
}

/** Suppressions read from bulwark.toml, or the error that made the file unusable. */
export interface SuppressionConfig {
  suppressions: Suppression[];
  error?: string;
}

/**
 * Reads the `[[risk.suppress]]` entries of a bulwark.toml text. Entries missing `check`, `path` or `reason`
 * are reported as errors rather than silently widening or ignoring a suppression.
 */
export function parseSuppressions(text: string, file = "bulwark.toml"): SuppressionConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    return { suppressions: [], error: `cannot parse ${file}: ${(error as Error).message.split("\n")[0]}` };
  }
  const risk = doc.risk as { suppress?: unknown } | undefined;
  if (risk?.suppress === undefined) return { suppressions: [] };
  if (!Array.isArray(risk.suppress)) {
    return {
      suppressions: [],
      error: `${file}: risk.suppress must be an array of tables ([[risk.suppress]])`,
    };
  }
  const suppressions: Suppression[] = [];
  for (const [i, entry] of risk.suppress.entries()) {
    const { check, path, reason } = (entry ?? {}) as Record<string, unknown>;
    if (
      typeof check !== "string" ||
      typeof path !== "string" ||
      typeof reason !== "string" ||
      !reason.trim()
    ) {
      return {
        suppressions,
        error: `${file}: [[risk.suppress]] entry ${i + 1} needs string fields check, path and a non-empty reason`,
      };
    }
    suppressions.push({ check, path, reason });
  }
  return { suppressions };
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
