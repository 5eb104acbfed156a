import { type VersionScheme, versionScheme } from "../ecosystems/index.js";
import { type Finding, type Remediation, type ScanResult, SEVERITY_RATINGS } from "../model/finding.js";
import type { SourceLocation } from "../model/package.js";
import { findingFixes } from "../remediation/index.js";

/** One vulnerable package of the HTML report: its findings, its fix and its sort keys. */
export interface PackageGroup {
  purl: string;
  name: string;
  version: string;
  ecosystem: string;
  /** True when the project declares it, false when it arrives transitively, undefined when unknown. */
  direct: boolean | undefined;
  /** In the scan's order (most severe first). */
  findings: Finding[];
  /** The remediation plan of the package (absent when all its findings are suppressed). */
  remediation?: Remediation;
  /** Every declaration of the package (the same for all its findings). */
  locations: SourceLocation[];
  /** Distinct dependency paths of its findings (purls). */
  paths: string[][];
  /** Index in SEVERITY_RATINGS of its worst unsuppressed finding; ratings count + that when all are suppressed. */
  severity: number;
  /** Highest CVSS score among its unsuppressed findings, -1 when none has one. */
  score: number;
  /**
   * Sort ranks computed here, in each ecosystem's own version order (the browser never parses versions):
   * by name (then version), by version, by fix version (packages without a fix last).
   */
  rank: { name: number; version: number; fix: number };
}

const severityIndex = (f: Finding) => SEVERITY_RATINGS.indexOf(f.severity.rating);
/** Alphabetical order for names (much faster than localeCompare over thousands of sorts). */
const byText = new Intl.Collator("en").compare;

type EcosystemVersion = { ecosystem: string; version: string };

/**
 * Orders (ecosystem, version) pairs: by ecosystem name, then in that ecosystem's version order. Each
 * ecosystem's scheme is looked up once per report, not once per comparison.
 */
function ecosystemVersionOrder(): (a: EcosystemVersion, b: EcosystemVersion) => number {
  const schemes = new Map<string, VersionScheme>();
  const schemeOf = (ecosystem: string) => {
    let scheme = schemes.get(ecosystem);
    if (!scheme) {
      scheme = versionScheme(ecosystem);
      schemes.set(ecosystem, scheme);
    }
    return scheme;
  };
  return (a, b) => byText(a.ecosystem, b.ecosystem) || schemeOf(a.ecosystem).compare(a.version, b.version);
}

/** Assigns each item its position when sorted by `compare` (equal items share a rank). */
function ranks<T>(items: readonly T[], compare: (a: T, b: T) => number): Map<T, number> {
  const sorted = [...items].sort(compare);
  const out = new Map<T, number>();
  let rank = 0;
  sorted.forEach((item, i) => {
    if (i > 0 && compare(sorted[i - 1] as T, item) !== 0) rank = i;
    out.set(item, rank);
  });
  return out;
}

/** The fix version of a group for sorting: the plan's, else the nearest applicable fix of any finding. */
function fixVersionOf(g: Omit<PackageGroup, "rank">): string | undefined {
  if (g.remediation?.fixVersion) return g.remediation.fixVersion;
  for (const f of g.findings) {
    const nearest = findingFixes(f).applicable[0];
    if (nearest) return nearest;
  }
  return undefined;
}

/**
 * The findings of a scan grouped by package (one group per purl), most severe package first, each with its
 * remediation plan and the ranks the page sorts by.
 */
export function packageGroups(result: ScanResult): PackageGroup[] {
  const plans = new Map(result.remediation.map((r) => [r.package.purl, r]));
  const byPurl = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byPurl.get(f.package.purl);
    if (list) list.push(f);
    else byPurl.set(f.package.purl, [f]);
  }
  const groups = [...byPurl.values()].map((findings): Omit<PackageGroup, "rank"> => {
    const first = findings[0] as Finding;
    const open = findings.filter((f) => !f.suppressed);
    const rated = open.length > 0 ? open : findings;
    const worst = Math.min(...rated.map(severityIndex));
    const paths = new Map<string, string[]>();
    for (const f of findings) for (const p of f.paths) paths.set(p.join("\u0000"), p);
    const remediation = plans.get(first.package.purl);
    return {
      purl: first.package.purl,
      name: first.package.name,
      version: first.package.version,
      ecosystem: first.package.ecosystem,
      direct:
        remediation?.direct ?? (paths.size > 0 ? [...paths.values()].some((p) => p.length === 1) : undefined),
      findings,
      ...(remediation ? { remediation } : {}),
      locations: first.locations,
      paths: [...paths.values()].sort((a, b) => a.length - b.length),
      severity: open.length > 0 ? worst : SEVERITY_RATINGS.length + worst,
      score: Math.max(-1, ...open.map((f) => f.severity.score ?? -1)),
    };
  });
  const compareEcosystemVersions = ecosystemVersionOrder();
  const byName = ranks(groups, (a, b) => byText(a.name, b.name) || compareEcosystemVersions(a, b));
  const byVersion = ranks(groups, (a, b) => compareEcosystemVersions(a, b) || byText(a.name, b.name));
  const fixes = new Map(groups.map((g) => [g, fixVersionOf(g)]));
  const byFix = ranks(groups, (a, b) => {
    const fa = fixes.get(a);
    const fb = fixes.get(b);
    if (fa === undefined || fb === undefined) return (fa === undefined ? 1 : 0) - (fb === undefined ? 1 : 0);
    return compareEcosystemVersions(
      { ecosystem: a.ecosystem, version: fa },
      { ecosystem: b.ecosystem, version: fb },
    );
  });
  const ranked = groups.map((g) => ({
    ...g,
    rank: { name: byName.get(g) ?? 0, version: byVersion.get(g) ?? 0, fix: byFix.get(g) ?? 0 },
  }));
  return ranked.sort(
    (a, b) =>
      a.severity - b.severity ||
      b.score - a.score ||
      b.findings.length - a.findings.length ||
      a.rank.name - b.rank.name,
  );
}
