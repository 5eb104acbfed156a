import type { Finding, Priority, PriorityLevel } from "../model/finding.js";
import type { Package } from "../model/package.js";
import { type ExploitFacts, epssScoreOf, kevEntryOf } from "./exploit-data.js";

/**
 * The one priority of a finding (docs/prioritisation.md has the formula and why). A 0-100 sum of terms, each
 * stated in words: how bad (CVSS), whether it is exploited (CISA KEV) or how likely it is to be (EPSS), and
 * how exposed this copy is (the project's exposure, direct or transitive, runtime or development only). It
 * follows the decision points of CISA's Stakeholder-Specific Vulnerability Categorization (SSVC) for
 * deployers — Exploitation, Exposure, Technical Impact — and FIRST's guidance to read EPSS beside CVSS.
 */

/** Points of each term: the whole formula in one place. */
export const PRIORITY_POINTS = {
  /** × the CVSS base score (0-10): up to 40. */
  perCvssPoint: 4,
  /** Without a CVSS score: points by the rating an ecosystem label gave (unknown: the middle, not zero). */
  byRating: { critical: 38, high: 30, medium: 20, low: 8, unknown: 20 },
  /** Listed in CISA's KEV catalogue: exploited in the wild (SSVC Exploitation "active"). */
  kev: 40,
  /** × the EPSS probability (0-1), when not KEV-listed: up to 25, always below a KEV listing. */
  perEpss: 25,
  /** The project is tagged internet-facing (SSVC Exposure "open"). */
  internetFacing: 10,
  /** The project declares the package itself: more likely called, and the fix is in its own hands. */
  direct: 5,
  /** Only in development, test or build groups: not deployed (SSVC Exposure "small"). */
  developmentOnly: -20,
} as const;

/** Lowest score of each band, most urgent first; below the last one is P4. */
export const PRIORITY_BANDS: readonly [PriorityLevel, number][] = [
  ["P1", 60],
  ["P2", 40],
  ["P3", 20],
];

/** Project tags that say how exposed its deployments are. */
export const EXPOSURE_TAGS = ["internet-facing", "internal"] as const;

/** Dependency groups that never reach a deployment. Any other group (optional, peer, ...) counts as runtime. */
export const DEVELOPMENT_GROUPS = new Set([
  "dev",
  "develop",
  "development",
  "test",
  "tests",
  "testing",
  "build",
  "docs",
  "lint",
  "typing",
]);

/** What the priority needs to know about where a finding's package sits. */
export interface PriorityContext {
  /** True: declared by the project; false: transitive; undefined: the inventory does not say. */
  direct?: boolean;
  /** Only in development, test or build groups. */
  developmentOnly: boolean;
  /** The project's tags (exposure: `internet-facing`, `internal`). */
  tags: readonly string[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const signed = (n: number) => (n < 0 ? `−${Math.abs(round1(n))}` : `+${round1(n)}`);

/**
 * The priority of one finding: pure and deterministic (the same finding, facts and context always give the
 * same score), with a reason for every term that added or removed points.
 */
export function priorityOf(finding: Finding, facts: ExploitFacts, context: PriorityContext): Priority {
  const reasons: string[] = [];
  let score = 0;
  const add = (points: number, why: string) => {
    score += points;
    reasons.push(`${why}: ${signed(points)}`);
  };
  const { severity } = finding;
  if (severity.score !== undefined)
    add(
      PRIORITY_POINTS.perCvssPoint * severity.score,
      `CVSS ${severity.score.toFixed(1)} (${severity.rating})`,
    );
  else
    add(
      PRIORITY_POINTS.byRating[severity.rating],
      severity.rating === "unknown" ? "no severity given (counted as medium)" : `rated ${severity.rating}`,
    );
  const kev = kevEntryOf(facts, finding);
  const epss = epssScoreOf(facts, finding);
  if (kev)
    add(
      PRIORITY_POINTS.kev,
      `${kev.cveID} is in CISA's Known Exploited Vulnerabilities catalogue (added ${kev.dateAdded}${kev.knownRansomwareCampaignUse === "Known" ? ", used by ransomware" : ""})`,
    );
  else if (epss)
    add(
      PRIORITY_POINTS.perEpss * epss.epss,
      `EPSS ${epss.epss} for ${epss.cve} (percentile ${epss.percentile})`,
    );
  const exposure = EXPOSURE_TAGS.find((t) => context.tags.includes(t));
  if (exposure === "internet-facing") add(PRIORITY_POINTS.internetFacing, "the project is internet-facing");
  if (context.direct === true) add(PRIORITY_POINTS.direct, "direct dependency");
  if (context.developmentOnly) add(PRIORITY_POINTS.developmentOnly, "development-only dependency");
  const final = round1(Math.min(100, Math.max(0, score)));
  const level = PRIORITY_BANDS.find(([, min]) => final >= min)?.[0] ?? "P4";
  return {
    score: final,
    level,
    reasons,
    factors: {
      ...(severity.score !== undefined ? { cvss: severity.score } : {}),
      rating: severity.rating,
      ...(kev
        ? {
            kev: {
              cve: kev.cveID,
              dateAdded: kev.dateAdded,
              dueDate: kev.dueDate,
              ransomware: kev.knownRansomwareCampaignUse === "Known",
            },
          }
        : {}),
      ...(epss ? { epss: { cve: epss.cve, probability: epss.epss, percentile: epss.percentile } } : {}),
      ...(context.direct !== undefined ? { direct: context.direct } : {}),
      developmentOnly: context.developmentOnly,
      ...(exposure ? { exposure } : {}),
    },
  };
}

/** Whether a package's groups keep it out of deployments (every group is a development group). */
export function isDevelopmentOnly(groups: readonly string[]): boolean {
  return groups.length > 0 && groups.every((g) => DEVELOPMENT_GROUPS.has(g.toLowerCase()));
}

/**
 * The context of each finding from the inventory: direct when any copy of the package is declared by the
 * project (else when a dependency path has the package alone), development-only when every copy is.
 */
export function contextsOf(
  findings: readonly Finding[],
  packages: readonly Package[],
  tags: readonly string[],
): PriorityContext[] {
  const byPurl = new Map<string, Package[]>();
  for (const p of packages) byPurl.set(p.purl, [...(byPurl.get(p.purl) ?? []), p]);
  return findings.map((f) => {
    const copies = byPurl.get(f.package.purl) ?? [];
    const declared = copies.some((p) => p.direct === true) || f.paths.some((path) => path.length === 1);
    const known = declared || copies.some((p) => p.direct === false) || f.paths.length > 0;
    return {
      ...(known ? { direct: declared } : {}),
      developmentOnly: copies.length > 0 && copies.every((p) => isDevelopmentOnly(p.groups)),
      tags,
    };
  });
}

/**
 * Sets `priority` on every finding (suppressed ones too: triage still wants to see them ranked) and returns
 * them ordered by it: highest score first, suppressed findings last; ties keep the order given.
 */
export function prioritiseFindings(
  findings: Finding[],
  packages: readonly Package[],
  facts: ExploitFacts,
  tags: readonly string[],
): Finding[] {
  const contexts = contextsOf(findings, packages, tags);
  findings.forEach((f, i) => {
    f.priority = priorityOf(f, facts, contexts[i] as PriorityContext);
  });
  return sortByPriority(findings);
}

/** Findings by priority (highest first), suppressed last, stable for ties. Findings without one go last. */
export function sortByPriority(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        Number(Boolean(a.f.suppressed)) - Number(Boolean(b.f.suppressed)) ||
        (b.f.priority?.score ?? -1) - (a.f.priority?.score ?? -1) ||
        a.i - b.i,
    )
    .map(({ f }) => f);
}
