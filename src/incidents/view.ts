import { BulwarkError } from "../model/errors.js";
import type { PortfolioContext } from "../portfolio/context.js";
import type { PortfolioFindingBody } from "../portfolio/match.js";
import { mergedAdvisory } from "../portfolio/vulnerability.js";
import { everyItem } from "../store/portfolio/every-item.js";
import type { Incident, IncidentEvent, IncidentProject, PortfolioFinding } from "../store/portfolio/ports.js";
import { openFindingsOf } from "./incidents.js";
import { type PatchPlan, patchPlan } from "./patch-plan.js";
import { type Progress, progressOf } from "./progress.js";

/** One affected copy of the vulnerable package in a project (a finding of the incident's vulnerability). */
export interface BlastRadiusEntry {
  projectVersion: string;
  purl: string;
  ecosystem: string;
  name: string;
  version: string;
  /** Declared by the project (true), arriving through others (false), unknown (absent). */
  direct?: boolean;
  /** A few shortest dependency paths (purls, from a direct dependency). */
  paths: string[][];
  /** Versions that fix this vulnerability (the first of each fixed range). */
  fixed: string[];
  /**
   * The smallest version fixing every known vulnerability of the package (src/remediation), and what to move:
   * the package itself when declared, else the direct dependencies it comes through.
   */
  fixVersion?: string;
  move: string[];
  advice?: string;
  state: PortfolioFinding["state"];
  kev: boolean;
  severity: string;
  detectedAt: string;
}

/** A project's part in the incident with its blast radius. */
export interface IncidentProjectView extends IncidentProject {
  findings: BlastRadiusEntry[];
}

/** Everything an incident page and report show. */
export interface IncidentDetail {
  incident: Incident;
  severity?: { rating: string; score?: number };
  kev: boolean;
  projects: IncidentProjectView[];
  /** Distinct packages (purl without version) and versions across the visible projects. */
  packages: { package: string; versions: string[]; projects: number }[];
  timeline: IncidentEvent[];
  progress: Progress;
  plan: PatchPlan;
}

/** The most timeline lines read for a detail (the API pages the timeline beyond). */
const TIMELINE_LIMIT = 5000;

/**
 * An incident as a reader sees it: with `projectPatterns` (a scoped key) only its projects, their findings and
 * their timeline lines, and progress computed over those alone — nothing about other projects leaks.
 */
export async function incidentDetail(
  ctx: PortfolioContext,
  id: number,
  projectPatterns?: readonly string[],
): Promise<IncidentDetail> {
  const incident = await ctx.store.incidents.get(id);
  if (!incident)
    throw new BulwarkError("INPUT_NOT_FOUND", `no incident ${id}`, { details: { incident: id } });
  const scope = projectPatterns ? { projectPatterns } : {};
  const parts = await ctx.store.incidents.projects(id, scope);
  const ids = [incident.vulnerabilityId, ...incident.aliases];
  const findings = await openFindingsOf(ctx, ids, projectPatterns, ["open", "suppressed"]);
  const byProject = new Map<number, PortfolioFinding[]>();
  for (const f of findings) byProject.set(f.projectId, [...(byProject.get(f.projectId) ?? []), f]);
  const projects = parts.map((p) => ({
    ...p,
    findings: (byProject.get(p.projectId) ?? []).map(entryOf).sort((a, b) => a.purl.localeCompare(b.purl)),
  }));
  const timeline: IncidentEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.store.incidents.events(id, {
      ...scope,
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    timeline.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && timeline.length < TIMELINE_LIMIT);
  const packages = new Map<string, { versions: Set<string>; projects: Set<number> }>();
  for (const f of findings) {
    const key = f.purl.replace(/@[^@/]*$/, "");
    const entry = packages.get(key) ?? { versions: new Set(), projects: new Set() };
    entry.versions.add(f.finding.package.version);
    entry.projects.add(f.projectId);
    packages.set(key, entry);
  }
  // from a current finding, else (everything fixed) from the advisory itself
  const severity =
    findings[0]?.finding.severity ??
    (await mergedAdvisory(ctx.advisories, incident.vulnerabilityId))?.severity;
  return {
    incident,
    ...(severity
      ? {
          severity: {
            rating: severity.rating,
            ...(severity.score !== undefined ? { score: severity.score } : {}),
          },
        }
      : {}),
    kev: findings.some((f) => f.kev),
    projects,
    packages: [...packages]
      .map(([pkg, e]) => ({ package: pkg, versions: [...e.versions].sort(), projects: e.projects.size }))
      .sort((a, b) => a.package.localeCompare(b.package)),
    timeline,
    progress: progressOf(incident.openedAt, timeline),
    plan: await planFor(ctx, parts),
  };
}

function entryOf(f: PortfolioFinding): BlastRadiusEntry {
  const body = f.finding as PortfolioFindingBody;
  const remediation = body.remediation;
  const move = f.direct === true ? [f.purl] : (remediation?.via ?? []);
  return {
    projectVersion: f.projectVersion,
    purl: f.purl,
    ecosystem: body.package.ecosystem,
    name: body.package.name,
    version: body.package.version,
    ...(f.direct !== undefined ? { direct: f.direct } : {}),
    paths: body.paths,
    fixed: body.fixed,
    ...(remediation?.fixVersion ? { fixVersion: remediation.fixVersion } : {}),
    move: move.length ? move : [f.purl],
    ...(remediation?.advice ? { advice: remediation.advice } : {}),
    state: f.state,
    kev: f.kev,
    severity: body.severity.rating,
    detectedAt: f.detectedAt,
  };
}

/** The patch plan of the projects still to fix, from their tags and current components. */
async function planFor(ctx: PortfolioContext, parts: readonly IncidentProject[]): Promise<PatchPlan> {
  const active = parts.filter((p) => ["affected", "acknowledged", "fixing"].includes(p.status));
  const inputs = [];
  for (const part of active) {
    const project = await ctx.store.projects.getById(part.projectId);
    // a lone project depends on no other affected one: its components need not be read
    const components =
      active.length > 1
        ? await everyItem((page) => ctx.store.components.listForProject(part.projectId, page))
        : [];
    inputs.push({ project: part, tags: project?.tags ?? [], components });
  }
  return patchPlan(inputs);
}
