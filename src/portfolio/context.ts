import type { AdvisoryReader, AdvisoryWriter } from "../advisories/ports.js";
import { BulwarkError } from "../model/errors.js";
import type { Policy } from "../policy/index.js";
import type { PortfolioStore, SlaDays } from "../store/portfolio/ports.js";
import type { FindingEnricher } from "./match.js";

/**
 * What the portfolio use-cases run on, built once by the composition root (the server or a CLI command)
 * and passed down: the store, the advisories, the clock. No use-case keeps state of its own between calls,
 * so several server instances can share one database.
 */
export interface PortfolioContext {
  store: PortfolioStore;
  advisories: AdvisoryReader;
  /** Needed only by advisory imports. */
  advisoryWriter?: AdvisoryWriter;
  clock(): Date;
  /** KEV/EPSS facts and priorities (default: priority by severity only). */
  enricher?: FindingEnricher;
  /** Snapshots kept per project version (the current one included). */
  retention: number;
  /** The SLA policy that sets findings' due dates (src/clock/sla.ts; absent: no due dates). */
  sla?: SlaDays;
  /** The server's policy: evaluated on every project an upload or advisory import changes. */
  policy?: Policy;
}

/** Default of `retention`: enough history for diffs and the clock, bounded so CI uploads do not pile up. */
export const DEFAULT_RETENTION = 20;

/**
 * Checks a project name: 1–200 characters, no control characters, no leading or trailing space or "/", no
 * empty path segment ("a//b"). `/` separates groups ("payments/api"). USAGE error naming the problem.
 */
export function checkProjectName(name: string): string {
  const problem =
    name.length === 0 || name.length > 200
      ? "must be 1 to 200 characters long"
      : /[\u0000-\u001f\u007f]/.test(name)
        ? "must not contain control characters"
        : name !== name.trim() || name.startsWith("/") || name.endsWith("/") || name.includes("//")
          ? 'must not start or end with a space or "/", nor hold an empty segment ("a//b")'
          : undefined;
  if (problem)
    throw new BulwarkError("USAGE", `project name ${JSON.stringify(name.slice(0, 80))} ${problem}`, {
      details: { name },
    });
  return name;
}

/** Checks a project version label (a branch or release): at most 100 characters, no control characters. */
export function checkVersionLabel(version: string): string {
  if (version.length > 100 || /[\u0000-\u001f\u007f]/.test(version) || version !== version.trim())
    throw new BulwarkError(
      "USAGE",
      `version ${JSON.stringify(version.slice(0, 80))} must be at most 100 characters, without control characters or surrounding spaces`,
      { details: { version } },
    );
  return version;
}
