import { BulwarkError } from "../model/errors.js";
import { openVexJustification } from "../model/vex-vocabulary.js";
import type { PortfolioContext } from "../portfolio/context.js";
import { mergedAdvisory } from "../portfolio/vulnerability.js";
import { everyItem } from "../store/portfolio/every-item.js";
import {
  INCIDENT_PROJECT_STATUSES,
  type Incident,
  type IncidentProject,
  type IncidentProjectStatus,
  type NewEvent,
  type NewIncidentEvent,
  type PortfolioFinding,
  type PortfolioRepositories,
} from "../store/portfolio/ports.js";

/** Outbox events of incidents (notifications read them). */
export const INCIDENT_OPENED = "incident.opened";
export const INCIDENT_CHANGED = "incident.changed";
export const INCIDENT_CLOSED = "incident.closed";

/** Project statuses that still need work: an upload without the vulnerable version moves them to fixed. */
export const ACTIVE_PROJECT_STATUSES: readonly IncidentProjectStatus[] = [
  "affected",
  "acknowledged",
  "fixing",
];

/** A vulnerability as an incident names it: the primary id of its alias group and the other ids. */
export interface IncidentVulnerability {
  id: string;
  aliases: string[];
  summary?: string;
}

/**
 * The vulnerability an id names (any alias): from the advisory database, else from the findings that carry it.
 * INPUT_NOT_FOUND (404) when neither knows it.
 */
export async function resolveVulnerability(
  ctx: PortfolioContext,
  asked: string,
): Promise<IncidentVulnerability> {
  const id = asked.trim();
  if (!id)
    throw new BulwarkError("USAGE", "name the vulnerability (any of its ids)", {
      details: { vulnerability: asked },
    });
  const advisory = await mergedAdvisory(ctx.advisories, id);
  if (advisory)
    return {
      id: advisory.id,
      aliases: advisory.aliases,
      ...(advisory.summary ? { summary: advisory.summary } : {}),
    };
  const finding = (await ctx.store.findings.byVulnerability(id, { limit: 1 })).items[0];
  if (finding)
    return {
      id: finding.finding.id,
      aliases: finding.finding.aliases,
      ...(finding.finding.summary ? { summary: finding.finding.summary } : {}),
    };
  throw new BulwarkError("INPUT_NOT_FOUND", `no advisory or finding known as ${id}`, {
    details: { vulnerability: id },
  });
}

/** The open findings of a vulnerability across the portfolio, by any of its ids (each finding once). */
export async function openFindingsOf(
  ctx: Pick<PortfolioContext, "store">,
  ids: readonly string[],
  projectPatterns?: readonly string[],
  states: readonly ("open" | "suppressed" | "fixed" | "withdrawn")[] = ["open"],
): Promise<PortfolioFinding[]> {
  const out = new Map<number, PortfolioFinding>();
  for (const id of new Set(ids)) {
    const found = await everyItem((page) =>
      ctx.store.findings.byVulnerability(id, {
        ...page,
        states,
        ...(projectPatterns ? { projectPatterns } : {}),
      }),
    );
    for (const f of found) out.set(f.id, f);
  }
  return [...out.values()];
}

/** How an incident is opened: by a key (its name) or by a rule ("rule:kev"). */
export interface OpenRequest {
  vulnerability: string;
  title?: string;
  owner?: string;
  by: string;
}

/**
 * Opens an incident for a vulnerability (any alias) with every project its open findings affect now, in one
 * transaction: the incident, each project `affected`, the timeline (`opened`, `project.affected`) and an
 * `incident.opened` event. A second open incident for the same vulnerability is a CONFLICT naming the first.
 */
export async function openIncident(ctx: PortfolioContext, request: OpenRequest): Promise<Incident> {
  const vulnerability = await resolveVulnerability(ctx, request.vulnerability);
  const ids = [vulnerability.id, ...vulnerability.aliases];
  const findings = await openFindingsOf(ctx, ids);
  const at = ctx.clock().toISOString();
  const title =
    request.title?.trim() ||
    `${vulnerability.id}${vulnerability.summary ? `: ${vulnerability.summary}` : ""}`;
  return ctx.store.transaction(async (tx) => {
    const projectIds = [...new Set(findings.map((f) => f.projectId))].sort((a, b) => a - b);
    // serialises with uploads and imports of these projects, and with another opening of the same incident
    await tx.projects.lock(projectIds);
    const existing = await tx.incidents.openFor(ids);
    if (existing.length > 0)
      throw new BulwarkError(
        "CONFLICT",
        `incident ${existing[0]!.id} is already open for ${vulnerability.id}`,
        {
          details: { incident: existing[0]!.id, vulnerability: vulnerability.id },
        },
      );
    const incident = await tx.incidents.create({
      vulnerabilityId: vulnerability.id,
      aliases: vulnerability.aliases,
      title: title.slice(0, 500),
      owner: request.owner?.trim() ?? "",
      openedAt: at,
      openedBy: request.by,
    });
    const timeline: NewIncidentEvent[] = [{ incidentId: incident.id, at, type: "opened", by: request.by }];
    for (const projectId of projectIds) {
      const mine = findings.filter((f) => f.projectId === projectId);
      await tx.incidents.setProject({
        incidentId: incident.id,
        projectId,
        projectName: mine[0]!.projectName,
        status: "affected",
        at,
        by: request.by,
      });
      timeline.push(affectedEvent(incident.id, at, request.by, projectId, mine[0]!.projectName, mine));
    }
    await tx.incidents.appendEvents(timeline);
    await tx.audit.append([
      {
        at,
        keyName: request.by,
        action: "incident.open",
        target: incident.vulnerabilityId,
        details: { incident: incident.id, projects: projectIds.length },
      },
    ]);
    await tx.events.append([
      {
        type: INCIDENT_OPENED,
        occurredAt: at,
        payload: {
          incident: {
            ...incidentSubject(
              incident,
              `opened by ${request.by} with ${projectIds.length} affected projects`,
            ),
            ...(findings[0] ? { severity: findings[0].finding.severity } : {}),
            ...(findings.some((f) => f.kev) ? { kev: true } : {}),
          },
          vulnerability: incident.vulnerabilityId,
          aliases: incident.aliases,
          openedBy: incident.openedBy,
          projects: projectIds.length,
        },
      },
    ]);
    return incident;
  });
}

/** The timeline line of a project joining (or re-joining) an incident, naming the packages that do it. */
export function affectedEvent(
  incidentId: number,
  at: string,
  by: string,
  projectId: number,
  projectName: string,
  findings: readonly { purl: string; projectVersion: string }[],
): NewIncidentEvent {
  return {
    incidentId,
    at,
    type: "project.affected",
    projectId,
    projectName,
    status: "affected",
    by,
    details: {
      packages: [...new Set(findings.map((f) => f.purl))].slice(0, 50),
      versions: [...new Set(findings.map((f) => f.projectVersion))].slice(0, 50),
    },
  };
}

/** A change of a project's status asked through the API. */
export interface ProjectStatusRequest {
  status: IncidentProjectStatus;
  /** Required for not_affected: an OpenVEX (or CycloneDX) justification. */
  justification?: string;
  detail?: string;
  by: string;
}

/**
 * Sets a project's status in an open incident (adding the project when it was not in it: a team may declare
 * itself not affected ahead of time). not_affected needs a VEX justification (stored in OpenVEX's words).
 */
export async function setProjectStatus(
  ctx: PortfolioContext,
  incidentId: number,
  projectName: string,
  request: ProjectStatusRequest,
): Promise<IncidentProject> {
  if (!INCIDENT_PROJECT_STATUSES.includes(request.status))
    throw new BulwarkError("USAGE", `${JSON.stringify(request.status)} is not a project status`, {
      details: { allowed: INCIDENT_PROJECT_STATUSES },
    });
  let justification: string | undefined;
  if (request.status === "not_affected") {
    justification = request.justification ? openVexJustification(request.justification) : undefined;
    if (!justification)
      throw new BulwarkError(
        "USAGE",
        "not_affected needs a VEX justification (e.g. vulnerable_code_not_in_execute_path)",
        {
          details: { justification: request.justification ?? null },
        },
      );
  }
  const project = await ctx.store.projects.get(projectName);
  if (!project)
    throw new BulwarkError("INPUT_NOT_FOUND", `no project named ${JSON.stringify(projectName)}`, {
      details: { project: projectName },
    });
  const at = ctx.clock().toISOString();
  return ctx.store.transaction(async (tx) => {
    const incident = await requireOpen(tx, incidentId);
    const changed = await tx.incidents.setProject({
      incidentId,
      projectId: project.id,
      projectName: project.name,
      status: request.status,
      ...(justification ? { justification } : {}),
      ...(request.detail ? { detail: request.detail } : {}),
      at,
      by: request.by,
    });
    await tx.audit.append([
      {
        at,
        keyName: request.by,
        action: "incident.project",
        target: project.name,
        details: {
          incident: incidentId,
          status: request.status,
          ...(justification ? { justification } : {}),
        },
      },
    ]);
    await recordStatus(tx, incident, changed, at, request.by, {
      ...(justification ? { justification } : {}),
      ...(request.detail ? { detail: request.detail } : {}),
    });
    return changed;
  });
}

/** The timeline line and the outbox event of a status change (`project.fixed` for fixes). */
export async function recordStatus(
  tx: PortfolioRepositories,
  incident: Incident,
  project: IncidentProject,
  at: string,
  by: string,
  details?: Record<string, unknown>,
): Promise<void> {
  await tx.incidents.appendEvents([
    {
      incidentId: incident.id,
      at,
      type:
        project.status === "fixed"
          ? "project.fixed"
          : project.status === "affected"
            ? "project.affected"
            : "project.status",
      projectId: project.projectId,
      projectName: project.projectName,
      status: project.status,
      by,
      ...(details && Object.keys(details).length ? { details } : {}),
    },
  ]);
  await tx.events.append([changedEvent(incident, project, at, by)]);
}

export function changedEvent(incident: Incident, project: IncidentProject, at: string, by: string): NewEvent {
  return {
    type: INCIDENT_CHANGED,
    occurredAt: at,
    projectId: project.projectId,
    payload: {
      incident: incidentSubject(incident, `${project.projectName}: ${project.status} (by ${by})`),
      vulnerability: incident.vulnerabilityId,
      project: project.projectName,
      status: project.status,
      by,
    },
  };
}

/**
 * The incident as `incident.*` events name it, in the shape notifications read (src/notify/events.ts
 * IncidentInfo): id, title, vulnerability, status, owner and what changed, in words.
 */
export function incidentSubject(incident: Incident, change: string) {
  return {
    id: incident.id,
    title: incident.title,
    vulnerability: incident.vulnerabilityId,
    status: incident.status,
    ...(incident.owner ? { owner: incident.owner } : {}),
    change,
  };
}

async function requireOpen(tx: PortfolioRepositories, incidentId: number): Promise<Incident> {
  const incident = await tx.incidents.get(incidentId);
  if (!incident)
    throw new BulwarkError("INPUT_NOT_FOUND", `no incident ${incidentId}`, {
      details: { incident: incidentId },
    });
  if (incident.status !== "open")
    throw new BulwarkError("CONFLICT", `incident ${incidentId} is closed`, {
      details: { incident: incidentId },
    });
  return incident;
}

/**
 * Closes an open incident (explicitly: Bulwark never closes one by itself, because a later upload may make
 * another project affected — see docs/incidents.md). Its timeline gets `closed`, the outbox `incident.closed`.
 */
export async function closeIncident(
  ctx: PortfolioContext,
  incidentId: number,
  by: string,
): Promise<Incident> {
  const at = ctx.clock().toISOString();
  return ctx.store.transaction(async (tx) => {
    const incident = await requireOpen(tx, incidentId);
    const projects = await tx.incidents.projects(incidentId);
    const closed = (await tx.incidents.setStatus(incident.id, "closed", at))!;
    const open = projects.filter((p) => ACTIVE_PROJECT_STATUSES.includes(p.status)).length;
    await tx.incidents.appendEvents([
      { incidentId, at, type: "closed", by, ...(open ? { details: { stillActiveProjects: open } } : {}) },
    ]);
    await tx.audit.append([
      {
        at,
        keyName: by,
        action: "incident.close",
        target: incident.vulnerabilityId,
        details: { incident: incidentId },
      },
    ]);
    await tx.events.append([
      {
        type: INCIDENT_CLOSED,
        occurredAt: at,
        payload: {
          incident: incidentSubject(
            closed,
            `closed by ${by}${open ? ` with ${open} projects still active` : ""}`,
          ),
          vulnerability: incident.vulnerabilityId,
          by,
          stillActiveProjects: open,
        },
      },
    ]);
    return closed;
  });
}
