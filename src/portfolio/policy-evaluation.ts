import type { Package } from "../model/package.js";
import type { PolicyViolation } from "../model/policy.js";
import { evaluatePolicy, type RiskScore } from "../policy/index.js";
import { cveIdsOf, type ExploitFacts, type KevEntry } from "../prioritise/exploit-data.js";
import { everyItem } from "../store/portfolio/every-item.js";
import type { PortfolioRepositories, StoredComponent, StoredFinding } from "../store/portfolio/ports.js";
import type { PortfolioContext } from "./context.js";

/** The event appended when an evaluation finds violations a project did not have. */
export const POLICY_VIOLATION = "policy.violation";

/** Violations listed in one event at most (the rest are counted). */
const MAX_LISTED = 100;

/**
 * Evaluates the server's policy (`bulwark serve --policy FILE`, the same file as `bulwark scan --policy`) on
 * projects after an upload or an advisory import changed them: one short transaction per project, which
 * locks it, reads its current components, open findings and the uploaded risk results of its packages,
 * evaluates (pure), stores the new set of violations (new ones detected now, vanished ones resolved) and
 * appends one `policy.violation` event listing the new ones. Without a policy it does nothing.
 */
export async function evaluateProjectPolicies(
  ctx: PortfolioContext,
  projectIds: readonly number[],
): Promise<{ projects: number; newViolations: number }> {
  const policy = ctx.policy;
  let newViolations = 0;
  if (!policy) return { projects: 0, newViolations };
  for (const id of [...new Set(projectIds)].sort((a, b) => a - b)) {
    newViolations += await ctx.store.transaction(async (tx) => {
      await tx.projects.lock([id]);
      const project = await tx.projects.getById(id);
      if (!project) return 0; // deleted meanwhile
      const components = await everyItem((page) => tx.components.listForProject(id, page));
      const findings = await everyItem((page) =>
        tx.findings.listForProject(id, { ...page, states: ["open"] }),
      );
      const risk = await riskScores(tx, components);
      const outcome = evaluatePolicy(policy, {
        findings: findings.map((f) => f.finding),
        packages: components.map(packageOf),
        exploits: storedExploitFacts(findings),
        project: { name: project.name, tags: project.tags, risk },
      });
      const at = ctx.clock().toISOString();
      const added = await tx.violations.reconcile(id, outcome.violations, at);
      if (added.length > 0) {
        const byPurl = new Map(components.map((c) => [c.purl, c]));
        const byFinding = new Map(findings.map((f) => [`${f.vulnerabilityId}\u0000${f.purl}`, f]));
        await tx.events.append([
          {
            type: POLICY_VIOLATION,
            occurredAt: at,
            projectId: id,
            payload: {
              project: { name: project.name, tags: project.tags },
              policy: policy.source,
              count: added.length,
              violations: added
                .slice(0, MAX_LISTED)
                .map((s) => violationItem(s.id, s.violation, byPurl, byFinding)),
            },
          },
        ]);
      }
      return added.length;
    });
  }
  return { projects: projectIds.length, newViolations };
}

/** A violation as events list it (the shape notifications read: policy, level, message, package, ...). */
function violationItem(
  id: number,
  v: PolicyViolation,
  byPurl: Map<string, StoredComponent>,
  byFinding: Map<string, StoredFinding>,
) {
  const purl = v.subject.kind === "project" ? undefined : v.subject.purl;
  const component = purl ? byPurl.get(purl) : undefined;
  const finding =
    v.subject.kind === "finding" ? byFinding.get(`${v.subject.id}\u0000${v.subject.purl}`) : undefined;
  return {
    id,
    policy: v.rule,
    rule: v.rule,
    level: v.level,
    message: v.message,
    ...(component
      ? {
          package: { ecosystem: component.ecosystem, name: component.name, version: component.version, purl },
        }
      : purl
        ? { package: { purl } }
        : {}),
    ...(v.subject.kind === "finding" ? { vulnerability: v.subject.id } : {}),
    ...(finding ? { severity: finding.finding.severity.rating, kev: finding.kev } : {}),
  };
}

/** A stored component as the policy engine's package (every stored component was resolved or listed). */
function packageOf(c: StoredComponent): Package {
  return {
    ecosystem: c.ecosystem,
    name: c.name,
    version: c.version,
    purl: c.purl,
    ...(c.direct !== undefined ? { direct: c.direct } : {}),
    groups: c.scope === "runtime" ? [] : c.scope.split(","),
    locations: c.locations,
    dependencies: [],
    resolved: true,
    licenses: c.licenses,
  };
}

/** The uploaded risk scores of the project's packages, as the policy engine's component scores. */
async function riskScores(
  tx: PortfolioRepositories,
  components: readonly StoredComponent[],
): Promise<RiskScore[]> {
  if (components.length === 0) return [];
  const results = await tx.riskResults.current(components.map((c) => c.key));
  const byKey = new Map(results.map((r) => [`${r.key.ecosystem}\u0000${r.key.name}`, r]));
  const scores: RiskScore[] = [];
  for (const c of components) {
    const r = byKey.get(`${c.key.ecosystem}\u0000${c.key.name}`);
    if (r) scores.push({ score: r.score, purl: c.purl, source: r.repository ?? r.purl });
  }
  return scores;
}

/**
 * Exploit facts from what the server stored with each finding (its KEV flag and entry, its EPSS score): the
 * server evaluates `kev` and `epss` conditions on the same facts its findings, counts and priorities show.
 */
export function storedExploitFacts(findings: readonly StoredFinding[]): ExploitFacts {
  const kev = new Map<string, KevEntry>();
  const epss = new Map<string, { cve: string; epss: number; percentile: number }>();
  for (const f of findings) {
    const cve = cveIdsOf(f.finding)[0];
    if (f.kev) {
      const entry = f.finding.priority?.factors.kev;
      const id = entry?.cve ?? cve;
      if (id)
        kev.set(id.toUpperCase(), {
          cveID: id,
          dateAdded: entry?.dateAdded ?? "as recorded with the finding",
        } as KevEntry);
    }
    if (f.epss !== undefined && cve) epss.set(cve, { cve, epss: f.epss, percentile: 0 });
  }
  const now = new Date(0).toISOString();
  return {
    kev,
    epss,
    status: {
      kev: { catalogVersion: "stored findings", dateReleased: now, entries: kev.size, importedAt: now },
      ...(epss.size > 0
        ? { epss: { modelVersion: "stored findings", scoreDate: now, scores: epss.size, importedAt: now } }
        : {}),
    },
  };
}
