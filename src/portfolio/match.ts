import { fixedVersions, isAffected } from "../advisories/matcher.js";
import type { AdvisoryMatch, AdvisoryReader, PackageKey } from "../advisories/ports.js";
import { newPackage } from "../ecosystems/new-package.js";
import { advisoryRef } from "../ecosystems/os-purl.js";
import type { Finding, Remediation } from "../model/finding.js";
import type { OsvRecord } from "../model/osv.js";
import { planRemediation } from "../remediation/index.js";
import { createYielder } from "../runtime/yield.js";
import { findingsForPackage } from "../scan/findings.js";
import type { FindingFacts, NewComponent } from "../store/portfolio/ports.js";

/**
 * A finding as the portfolio stores it: the scan's finding (aliases merged, severity, fixed versions, paths)
 * with the upgrade that fixes it, and without the advisory's long details (the advisory has them).
 */
export interface PortfolioFindingBody extends Finding {
  remediation?: Pick<Remediation, "fixVersion" | "advice" | "via" | "majorUpgrade" | "unfixed">;
}

/** The findings of one component, as the scan gives them and as the portfolio stores them (shared: read-only). */
type FindingBodies = { finding: Finding; body: PortfolioFindingBody; publishedAt: string | undefined }[];

/** A component the matcher looks at: what the store keeps of it. */
export type MatchableComponent = Pick<
  NewComponent,
  "purl" | "ecosystem" | "name" | "version" | "key" | "direct" | "scope" | "locations" | "paths"
> & { resolved?: boolean };

/** The facts an enricher adds to a finding. */
export type EnrichedFacts = Pick<FindingFacts, "kev" | "epss" | "priority">;

/**
 * Extra facts about vulnerabilities (KEV listing, EPSS) and the priority; the prioritisation module plugs in
 * (src/portfolio/exploit-enricher.ts). May answer asynchronously: the facts live in a database.
 */
export interface FindingEnricher {
  facts(
    finding: Finding,
    component: Pick<MatchableComponent, "direct" | "scope">,
  ): EnrichedFacts | Promise<EnrichedFacts>;
}

/** Without prioritisation data: not KEV-listed, no EPSS, priority by severity. */
export const SEVERITY_ONLY: FindingEnricher = {
  facts: (finding) => ({
    kev: false,
    priority: { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 }[finding.severity.rating] ?? 0,
  }),
};

/**
 * Matches components against the advisories, exactly as `bulwark scan` matches packages (same query, same
 * alias grouping, severity, fixed versions and remediation), with each component's precomputed paths.
 * Advisory answers are cached per (ecosystem, name, version) for the call, so 3,000 projects sharing a
 * package version cost one query. Yields to the event loop between components.
 */
export class PortfolioMatcher {
  private readonly answers = new Map<string, Promise<AdvisoryMatch[]>>();
  private readonly records = new Map<string, Promise<OsvRecord[]>>();
  /** Finding bodies by component (package version, direct flag, locations, paths), for this matcher's call. */
  private readonly bodies = new Map<string, Promise<FindingBodies>>();

  constructor(
    private readonly advisories: AdvisoryReader,
    private readonly enricher: FindingEnricher = SEVERITY_ONLY,
  ) {}

  /** The findings of one component, with their facts; empty when nothing affects it. */
  async findingsOf(
    component: MatchableComponent,
    warn: (message: string) => void = () => {},
  ): Promise<FindingFacts[]> {
    if (component.resolved === false) return [];
    const pkg = newPackage({
      ecosystem: component.ecosystem,
      name: component.name,
      version: component.version,
      purl: component.purl,
      locations: component.locations,
      ...(component.direct !== undefined ? { direct: component.direct } : {}),
    });
    const ref = advisoryRef(pkg);
    const cacheKey = `${ref.ecosystem}\u0000${ref.name}\u0000${ref.version}`;
    let answer = this.answers.get(cacheKey);
    if (!answer) {
      answer = this.advisories.query(ref);
      this.answers.set(cacheKey, answer);
    }
    const matches = await answer;
    if (matches.length === 0) return [];
    // the same package with the same paths and locations in many projects (what an import re-matches) gives
    // the same findings: built once per call (severity scoring and remediation are the costly part)
    const bodyKey = JSON.stringify([
      cacheKey,
      component.ecosystem,
      component.name,
      component.version,
      component.purl,
      component.direct ?? null,
      component.locations,
      component.paths,
    ]);
    let bodies = this.bodies.get(bodyKey);
    if (!bodies) {
      bodies = this.bodiesOf(pkg, ref, matches, component, warn);
      this.bodies.set(bodyKey, bodies);
    }
    return Promise.all(
      (await bodies).map(async ({ finding, body, publishedAt }) => ({
        finding: body,
        key: component.key,
        ...(component.direct !== undefined ? { direct: component.direct } : {}),
        scope: component.scope,
        publishedAt,
        ...(await this.enricher.facts(finding, component)),
      })),
    );
  }

  private async bodiesOf(
    pkg: ReturnType<typeof newPackage>,
    ref: { ecosystem: string; name: string },
    matches: AdvisoryMatch[],
    component: MatchableComponent,
    warn: (message: string) => void,
  ): Promise<FindingBodies> {
    const findings = findingsForPackage(pkg, matches, component.paths, warn);
    const records = await this.recordsOf(ref.ecosystem, ref.name);
    const remediation = planRemediation(
      findings,
      { recordsFor: () => records, fixedVersions, isAffected },
      () => component.direct === true,
    )[0];
    return findings.map((finding) => {
      const { details: _details, ...rest } = finding;
      const body: PortfolioFindingBody = {
        ...rest,
        ...(remediation
          ? {
              remediation: {
                fixVersion: remediation.fixVersion,
                advice: remediation.advice,
                via: remediation.via,
                majorUpgrade: remediation.majorUpgrade,
                unfixed: remediation.unfixed,
              },
            }
          : {}),
      };
      return { finding, body, publishedAt: publishedOf(matches, finding) };
    });
  }

  /** The findings of many components, by purl; yields between components so a server stays responsive. */
  async findingsByPurl(components: readonly MatchableComponent[]): Promise<Map<string, FindingFacts[]>> {
    const pause = createYielder();
    const out = new Map<string, FindingFacts[]>();
    for (const c of components) {
      await pause();
      const found = await this.findingsOf(c);
      if (found.length > 0) out.set(c.purl, found);
    }
    return out;
  }

  private recordsOf(ecosystem: string, name: string): Promise<OsvRecord[]> {
    const key = `${ecosystem}\u0000${name}`;
    let found = this.records.get(key);
    if (!found) {
      found = this.advisories.recordsFor(ecosystem, name);
      this.records.set(key, found);
    }
    return found;
  }
}

/** The earliest `published` among the records of a finding (when the world learnt of it). */
function publishedOf(matches: readonly AdvisoryMatch[], finding: Finding): string | undefined {
  const times = matches
    .filter((m) => finding.records.includes(m.id))
    .map((m) => Date.parse(m.record.published ?? ""))
    .filter((t) => Number.isFinite(t));
  return times.length ? new Date(Math.min(...times)).toISOString() : undefined;
}

/** The key of a package in the reverse index, as text (for maps). */
export function keyText(key: PackageKey): string {
  return `${key.ecosystem}\u0000${key.name}`;
}
