import { PolicyError } from "./errors.js";

/**
 * A risk score from `bulwark risk --format json`: of the project itself (no `purl`) or of one of its
 * components (`purl`, any version: the server links uploaded risk results to components).
 */
export interface RiskScore {
  /** 0-10, or null when no check could be evaluated. */
  score: number | null;
  /** The component it is about (versionless purl); absent: the project. */
  purl?: string;
  /** The report it came from (file or repository). */
  source: string;
}

/**
 * Reads the score of a `bulwark risk --format json` report. Throws PolicyError (code PARSE_FAILED) naming
 * `source` when the text is not such a report.
 */
export function riskScoreFromReport(text: string, source: string, purl?: string): RiskScore {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new PolicyError(`${source}: not JSON: ${(error as Error).message}`, {
      code: "PARSE_FAILED",
      details: { path: source },
    });
  }
  const report = doc as { score?: unknown; repo?: unknown; checks?: unknown };
  const scoreOk =
    report?.score === null || (typeof report?.score === "number" && report.score >= 0 && report.score <= 10);
  if (
    typeof doc !== "object" ||
    doc === null ||
    !scoreOk ||
    typeof report.repo !== "object" ||
    !Array.isArray(report.checks)
  )
    throw new PolicyError(
      `${source}: not a \`bulwark risk\` JSON report (needs repo, checks and a score of 0-10 or null)`,
      {
        code: "PARSE_FAILED",
        details: { path: source },
      },
    );
  return { score: report.score as number | null, source, ...(purl ? { purl } : {}) };
}
