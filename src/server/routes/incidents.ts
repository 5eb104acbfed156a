import { Type } from "typebox";
import { VEX_JUSTIFICATIONS } from "../../config/schema.js";
import { closeIncident, openIncident, setProjectStatus } from "../../incidents/incidents.js";
import { incidentHtml, incidentMarkdown } from "../../incidents/report.js";
import { type IncidentDetail, incidentDetail } from "../../incidents/view.js";
import { CYCLONEDX_JUSTIFICATION_OF, OPENVEX_JUSTIFICATION_OF } from "../../model/vex-vocabulary.js";
import {
  INCIDENT_PROJECT_STATUSES,
  INCIDENT_STATUSES,
  type Incident,
  type IncidentProject,
  type IncidentProjectStatus,
} from "../../store/portfolio/ports.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { assertInScope, scopeFilter } from "../project-access.js";
import { ErrorResponses, PageOf, PageQuery } from "../schemas.js";

const Counts = Type.Object(
  Object.fromEntries(INCIDENT_PROJECT_STATUSES.map((s) => [s, Type.Integer()])) as Record<
    IncidentProjectStatus,
    ReturnType<typeof Type.Integer>
  >,
);

const IncidentSchema = Type.Object({
  id: Type.Integer(),
  vulnerability: Type.String(),
  aliases: Type.Array(Type.String()),
  title: Type.String(),
  owner: Type.String(),
  status: Type.Enum([...INCIDENT_STATUSES]),
  openedAt: Type.String(),
  closedAt: Type.Optional(Type.String()),
  openedBy: Type.String(),
  updatedAt: Type.String(),
  /** Projects by status (only those the key may see). */
  counts: Type.Optional(Counts),
});

const ProjectPartSchema = Type.Object({
  project: Type.String(),
  status: Type.Enum([...INCIDENT_PROJECT_STATUSES]),
  justification: Type.Optional(Type.String()),
  detail: Type.Optional(Type.String()),
  affectedAt: Type.String(),
  changedAt: Type.String(),
  changedBy: Type.String(),
  fixedAt: Type.Optional(Type.String()),
});

const PackageSchema = Type.Object({
  projectVersion: Type.String(),
  purl: Type.String(),
  ecosystem: Type.String(),
  name: Type.String(),
  version: Type.String(),
  direct: Type.Optional(Type.Boolean()),
  paths: Type.Array(Type.Array(Type.String())),
  fixed: Type.Array(Type.String()),
  fixVersion: Type.Optional(Type.String()),
  move: Type.Array(Type.String()),
  advice: Type.Optional(Type.String()),
  state: Type.String(),
  kev: Type.Boolean(),
  severity: Type.String(),
  detectedAt: Type.String(),
});

const DetailSchema = Type.Intersect([
  IncidentSchema,
  Type.Object({
    severity: Type.Optional(Type.String()),
    cvss: Type.Optional(Type.Number()),
    kev: Type.Boolean(),
    projects: Type.Array(
      Type.Intersect([
        ProjectPartSchema,
        Type.Object({ owners: Type.Array(Type.String()), packages: Type.Array(PackageSchema) }),
      ]),
    ),
    packages: Type.Array(
      Type.Object({ package: Type.String(), versions: Type.Array(Type.String()), projects: Type.Integer() }),
    ),
    timeline: Type.Array(
      Type.Object({
        at: Type.String(),
        type: Type.String(),
        project: Type.Optional(Type.String()),
        status: Type.Optional(Type.String()),
        by: Type.String(),
        details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      }),
    ),
    progress: Type.Object({
      points: Type.Array(
        Type.Object({
          at: Type.String(),
          projects: Type.Integer(),
          fixed: Type.Integer(),
          notAffected: Type.Integer(),
          fixedShare: Type.Number(),
        }),
      ),
      fixedShare: Type.Number(),
      containedAt: Type.Optional(Type.String()),
      timeToContainMs: Type.Optional(Type.Integer()),
    }),
    plan: Type.Object({
      layers: Type.Array(
        Type.Array(
          Type.Object({
            project: Type.String(),
            status: Type.String(),
            owners: Type.Array(Type.String()),
            dependsOn: Type.Array(Type.String()),
          }),
        ),
      ),
      cycles: Type.Array(Type.String()),
    }),
  }),
]);

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** Every justification a not_affected status takes, in either VEX vocabulary. */
const JUSTIFICATIONS = [
  ...new Set([
    ...VEX_JUSTIFICATIONS,
    ...Object.keys(CYCLONEDX_JUSTIFICATION_OF),
    ...Object.keys(OPENVEX_JUSTIFICATION_OF),
  ]),
];

function incidentView(i: Incident, counts?: Record<IncidentProjectStatus, number>) {
  return {
    id: i.id,
    vulnerability: i.vulnerabilityId,
    aliases: i.aliases,
    title: i.title,
    owner: i.owner,
    status: i.status,
    openedAt: i.openedAt,
    ...(i.closedAt ? { closedAt: i.closedAt } : {}),
    openedBy: i.openedBy,
    updatedAt: i.updatedAt,
    ...(counts ? { counts } : {}),
  };
}

function countsOf(parts: readonly IncidentProject[]): Record<IncidentProjectStatus, number> {
  const counts = Object.fromEntries(INCIDENT_PROJECT_STATUSES.map((s) => [s, 0])) as Record<
    IncidentProjectStatus,
    number
  >;
  for (const p of parts) counts[p.status]++;
  return counts;
}

function partView(p: IncidentProject) {
  return {
    project: p.projectName,
    status: p.status,
    ...(p.justification ? { justification: p.justification } : {}),
    ...(p.detail ? { detail: p.detail } : {}),
    affectedAt: p.affectedAt,
    changedAt: p.changedAt,
    changedBy: p.changedBy,
    ...(p.fixedAt ? { fixedAt: p.fixedAt } : {}),
  };
}

function detailView(d: IncidentDetail) {
  const owners = new Map(d.plan.layers.flat().map((p) => [p.project, p.owners]));
  return {
    ...incidentView(d.incident, countsOf(d.projects)),
    ...(d.severity ? { severity: d.severity.rating } : {}),
    ...(d.severity?.score !== undefined ? { cvss: d.severity.score } : {}),
    kev: d.kev,
    projects: d.projects.map((p) => ({
      ...partView(p),
      owners: owners.get(p.projectName) ?? [],
      packages: p.findings,
    })),
    packages: d.packages,
    timeline: d.timeline.map((e) => ({
      at: e.at,
      type: e.type,
      ...(e.projectName !== undefined ? { project: e.projectName } : {}),
      ...(e.status ? { status: e.status } : {}),
      by: e.by,
      ...(e.details ? { details: e.details } : {}),
    })),
    progress: {
      points: d.progress.points.map(({ shareFixed, ...p }) => ({ ...p, fixedShare: shareFixed })),
      fixedShare: d.progress.shareFixed,
      ...(d.progress.containedAt ? { containedAt: d.progress.containedAt } : {}),
      ...(d.progress.timeToContainMs !== undefined ? { timeToContainMs: d.progress.timeToContainMs } : {}),
    },
    plan: d.plan,
  };
}

/**
 * Incidents (docs/incidents.md): open one for a vulnerability by any alias, list them, read one with its blast
 * radius, per-project status, timeline, progress and patch plan, change a project's status, close it, and
 * download its report. A scoped key sees the incidents, but inside them only its projects.
 */
export function incidentRoutes(ctx: ServerContext) {
  const { store } = ctx.portfolio;
  return (app: App) => {
    app.post(
      "/api/v1/incidents",
      {
        config: { access: "write" },
        schema: {
          summary: "Open an incident for a vulnerability (any of its ids) with every project it affects now",
          body: Type.Object(
            {
              vulnerability: Type.String({ minLength: 1, maxLength: 200 }),
              title: Type.Optional(Type.String({ maxLength: 500 })),
              owner: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: { 201: IncidentSchema, ...ErrorResponses },
        },
      },
      async (request, reply) => {
        const incident = await openIncident(ctx.portfolio, { ...request.body, by: request.principal!.name });
        const parts = await store.incidents.projects(incident.id, scopeProjects(request));
        return reply.code(201).send(incidentView(incident, countsOf(parts)));
      },
    );

    app.get(
      "/api/v1/incidents",
      {
        config: { access: "read" },
        schema: {
          summary: "Incidents, newest first, with their projects counted by status",
          querystring: Type.Object({
            ...PageQuery,
            status: Type.Optional(Type.Enum([...INCIDENT_STATUSES])),
          }),
          response: { 200: PageOf(IncidentSchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const page = await store.incidents.list(request.query);
        const items = [];
        for (const i of page.items)
          items.push(incidentView(i, countsOf(await store.incidents.projects(i.id, scopeProjects(request)))));
        return { items, nextCursor: page.nextCursor };
      },
    );

    app.get(
      "/api/v1/incidents/:id",
      {
        config: { access: "read" },
        schema: {
          summary: "An incident: blast radius, per-project status, timeline, progress and patch plan",
          params: IdParams,
          response: { 200: DetailSchema, ...ErrorResponses },
        },
      },
      async (request) =>
        detailView(await incidentDetail(ctx.portfolio, request.params.id, scopeFilter(request))),
    );

    app.put(
      "/api/v1/incidents/:id/projects/:project",
      {
        config: { access: "write" },
        schema: {
          summary: "Set a project's status in an incident (not_affected needs a VEX justification)",
          params: Type.Object({
            id: Type.Integer({ minimum: 1 }),
            project: Type.String({ minLength: 1, maxLength: 200 }),
          }),
          body: Type.Object(
            {
              status: Type.Enum([...INCIDENT_PROJECT_STATUSES]),
              justification: Type.Optional(Type.Enum(JUSTIFICATIONS)),
              detail: Type.Optional(Type.String({ maxLength: 4000 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: ProjectPartSchema, ...ErrorResponses },
        },
      },
      async (request) => {
        assertInScope(request, request.params.project);
        const changed = await setProjectStatus(ctx.portfolio, request.params.id, request.params.project, {
          ...request.body,
          by: request.principal!.name,
        });
        return partView(changed);
      },
    );

    app.post(
      "/api/v1/incidents/:id/close",
      {
        config: { access: "write" },
        schema: {
          summary: "Close an incident (Bulwark never closes one by itself)",
          params: IdParams,
          response: { 200: IncidentSchema, ...ErrorResponses },
        },
      },
      async (request) => {
        const closed = await closeIncident(ctx.portfolio, request.params.id, request.principal!.name);
        return incidentView(
          closed,
          countsOf(await store.incidents.projects(closed.id, scopeProjects(request))),
        );
      },
    );

    app.get(
      "/api/v1/incidents/:id/report",
      {
        config: { access: "read" },
        schema: {
          summary: "The incident report: self-contained HTML or Markdown",
          params: IdParams,
          querystring: Type.Object({
            format: Type.Optional(
              Type.Union([Type.Literal("html"), Type.Literal("markdown")], { default: "html" }),
            ),
          }),
          response: { 200: Type.String(), ...ErrorResponses },
        },
      },
      async (request, reply) => {
        const detail = await incidentDetail(ctx.portfolio, request.params.id, scopeFilter(request));
        const markdown = request.query.format === "markdown";
        return reply
          .type(markdown ? "text/markdown; charset=utf-8" : "text/html; charset=utf-8")
          .header(
            "Content-Disposition",
            `attachment; filename="incident-${detail.incident.id}.${markdown ? "md" : "html"}"`,
          )
          .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
          .send(markdown ? incidentMarkdown(detail) : incidentHtml(detail));
      },
    );
  };
}

function scopeProjects(request: Parameters<typeof scopeFilter>[0]) {
  const patterns = scopeFilter(request);
  return patterns ? { projectPatterns: patterns } : {};
}
