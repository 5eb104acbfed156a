import type { Finding } from "../model/finding.js";
import type { Package } from "../model/package.js";
import type { PolicyLevel, PolicyOutcome, PolicySubject, PolicyViolation } from "../model/policy.js";
import { type ExploitFacts, epssScoreOf, kevEntryOf } from "../prioritise/exploit-data.js";
import { severityRank } from "../scan/severity.js";
import { allowedBy, deniedBy, packageExpression } from "./licences.js";
import type { Policy, PolicyRule } from "./parse.js";
import type { RiskScore } from "./risk.js";

/** What a policy is evaluated on: one project's findings and packages, its facts, and exploit data. */
export interface PolicyInput {
  findings: readonly Finding[];
  packages: readonly Package[];
  /** KEV entries and EPSS scores of the findings' ids (NO_EXPLOIT_FACTS when none were imported). */
  exploits: ExploitFacts;
  project?: { name?: string; tags?: readonly string[]; risk?: readonly RiskScore[] };
}

/** A condition's verdict on one subject: why it holds, or null. */
type Verdict = string | null;

/**
 * Evaluates a policy on one project: pure (no I/O) and deterministic. Each rule's conditions must all hold
 * for a subject to violate it. A rule with a finding condition (severity, kev, epss) judges every
 * unsuppressed finding — its package conditions then apply to the finding's package; a rule with package
 * conditions only (licenses, packages) judges every resolved package once; a rule with only `risk_below`
 * judges the project and the components with a risk score. Conditions that cannot be judged for lack of
 * data (no KEV catalogue, no EPSS scores, no risk results) match nothing and are listed in `notes`.
 */
export function evaluatePolicy(policy: Policy, input: PolicyInput): PolicyOutcome {
  const notes: string[] = [];
  const violations: PolicyViolation[] = [];
  const packagesByPurl = new Map<string, Package>();
  for (const p of input.packages) if (!packagesByPurl.has(p.purl)) packagesByPurl.set(p.purl, p);
  const risk = riskIndex(input.project?.risk ?? []);
  for (const rule of policy.rules) {
    notes.push(...missingData(rule, input));
    const findingRule = rule.severity !== undefined || rule.kev !== undefined || rule.epss !== undefined;
    const packageRule = rule.licences !== undefined || rule.packages !== undefined;
    const emit = (subject: PolicySubject, reasons: Verdict[], what: string, pkg?: Package) => {
      if (reasons.some((r) => r === null)) return;
      violations.push({
        rule: rule.name,
        level: rule.level,
        subject,
        message: `${what}: ${reasons.join("; ")}`,
        ...(pkg && pkg.locations.length > 0 ? { locations: pkg.locations } : {}),
      });
    };
    if (findingRule) {
      for (const f of input.findings) {
        if (f.suppressed) continue;
        const pkg = packagesByPurl.get(f.package.purl);
        emit(
          { kind: "finding", id: f.id, aliases: f.aliases, purl: f.package.purl },
          [...findingVerdicts(rule, f, input.exploits), ...packageVerdicts(rule, f.package.purl, pkg, risk)],
          `${f.id} in ${f.package.name}@${f.package.version}`,
          pkg,
        );
      }
    } else if (packageRule) {
      for (const pkg of packagesByPurl.values()) {
        if (!pkg.resolved) continue;
        emit(
          { kind: "package", purl: pkg.purl },
          packageVerdicts(rule, pkg.purl, pkg, risk),
          `${pkg.name}@${pkg.version}`,
          pkg,
        );
      }
    } else if (rule.riskBelow !== undefined) {
      const own = risk.project;
      if (own)
        emit(
          { kind: "project", ...(input.project?.name ? { name: input.project.name } : {}) },
          [riskVerdict(rule.riskBelow, own)],
          "the project",
        );
      for (const pkg of packagesByPurl.values()) {
        const score = risk.component(pkg.purl);
        if (score)
          emit(
            { kind: "package", purl: pkg.purl },
            [riskVerdict(rule.riskBelow, score)],
            `${pkg.name}@${pkg.version}`,
            pkg,
          );
      }
    }
  }
  const counts: Record<PolicyLevel, number> = { fail: 0, warn: 0, info: 0 };
  for (const v of violations) counts[v.level]++;
  return {
    policy: policy.source,
    ...(input.project?.name ? { project: input.project.name } : {}),
    violations,
    counts,
    notes,
  };
}

function findingVerdicts(rule: PolicyRule, f: Finding, exploits: ExploitFacts): Verdict[] {
  const verdicts: Verdict[] = [];
  if (rule.severity !== undefined) {
    const rating = f.severity.rating;
    verdicts.push(
      rating !== "unknown" && severityRank(rating) <= severityRank(rule.severity)
        ? `severity ${rating}${f.severity.score !== undefined ? ` (${f.severity.score})` : ""} is at or above ${rule.severity}`
        : null,
    );
  }
  if (rule.kev !== undefined) {
    const entry = kevEntryOf(exploits, f);
    if (rule.kev)
      verdicts.push(entry ? `${entry.cveID} is in CISA's KEV catalogue (added ${entry.dateAdded})` : null);
    else verdicts.push(entry || !exploits.status.kev ? null : "not in CISA's KEV catalogue");
  }
  if (rule.epss !== undefined) {
    const score = epssScoreOf(exploits, f);
    verdicts.push(
      score && score.epss >= rule.epss
        ? `EPSS ${score.epss} for ${score.cve} is at or above ${rule.epss}`
        : null,
    );
  }
  return verdicts;
}

function packageVerdicts(
  rule: PolicyRule,
  purl: string,
  pkg: Package | undefined,
  risk: ReturnType<typeof riskIndex>,
): Verdict[] {
  const verdicts: Verdict[] = [];
  if (rule.packages) {
    const pattern = rule.packages.find((p) => p.matches(purl));
    verdicts.push(pattern ? `matches ${pattern.text}` : null);
  }
  if (rule.licences) verdicts.push(licenceVerdict(rule.licences, pkg?.licenses ?? []));
  if (rule.riskBelow !== undefined) {
    const score = risk.component(purl);
    verdicts.push(score ? riskVerdict(rule.riskBelow, score) : null);
  }
  return verdicts;
}

function licenceVerdict(rule: NonNullable<PolicyRule["licences"]>, licences: readonly string[]): Verdict {
  const { node, text } = packageExpression(licences);
  if (!node) {
    if (rule.unknown !== "violation") return null;
    return licences.length === 0 ? "licence unknown" : `licence "${text}" is not an SPDX expression`;
  }
  if (rule.deny && deniedBy(node, rule.deny))
    return `licence ${text} cannot be used without a denied licence`;
  if (rule.allow && !allowedBy(node, rule.allow))
    return `licence ${text} is not covered by the allowed licences`;
  return null;
}

function riskVerdict(threshold: number, score: RiskScore): Verdict {
  return score.score !== null && score.score < threshold
    ? `risk score ${score.score} (${score.source}) is below ${threshold}`
    : null;
}

/** The project's risk score and the components' by versionless purl. */
function riskIndex(scores: readonly RiskScore[]) {
  const versionless = (purl: string) => purl.replace(/[?#].*$/, "").replace(/@[^/@]*$/, "");
  const byPurl = new Map<string, RiskScore>();
  for (const s of scores) if (s.purl) byPurl.set(versionless(s.purl), s);
  return {
    project: scores.find((s) => !s.purl),
    component: (purl: string) => byPurl.get(versionless(purl)),
  };
}

/** Notes for conditions that lack the data to be judged. */
function missingData(rule: PolicyRule, input: PolicyInput): string[] {
  const notes: string[] = [];
  const of = `rule "${rule.name}"`;
  if (rule.kev !== undefined && !input.exploits.status.kev)
    notes.push(`${of}: no KEV catalogue was imported, so its kev condition matched nothing`);
  if (rule.epss !== undefined && !input.exploits.status.epss)
    notes.push(`${of}: no EPSS scores were imported, so its epss condition matched nothing`);
  if (rule.riskBelow !== undefined && (input.project?.risk ?? []).length === 0)
    notes.push(`${of}: no risk results were given, so its risk_below condition matched nothing`);
  return notes;
}
