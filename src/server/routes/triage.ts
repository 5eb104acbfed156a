import { Type } from "typebox";
import { JUSTIFICATIONS, RESPONSES, triageFinding } from "../../portfolio/triage.js";
import { applyVex, exportVex } from "../../portfolio/vex.js";
import { ANALYSIS_STATES } from "../../store/portfolio/ports.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { notFound, visibleProject } from "../project-access.js";
import { ErrorResponses, FindingSchema, PageOf, PageQuery, ProjectNameParams } from "../schemas.js";
import { findingView } from "../views.js";

const FindingParams = Type.Intersect([ProjectNameParams, Type.Object({ id: Type.Integer({ minimum: 1 }) })]);

const AnalysisSchema = Type.Object({
  state: Type.String(),
  justification: Type.Optional(Type.String()),
  responses: Type.Array(Type.String()),
  detail: Type.Optional(Type.String()),
  by: Type.String(),
  at: Type.String(),
});

/** Triage of a project's findings (with history) and its VEX, out and in. */
export function triageRoutes(ctx: ServerContext) {
  const { store } = ctx.portfolio;
  const findingOf = async (projectId: number, id: number, projectName: string) => {
    const finding = await store.findings.get(id);
    if (!finding || finding.projectId !== projectId)
      throw notFound(`no finding ${id} in the project ${projectName}`);
    return finding;
  };
  return (app: App) => {
    app.put(
      "/api/v1/projects/:name/findings/:id/analysis",
      {
        config: { access: "write" },
        schema: {
          summary: "Triage a finding (CycloneDX/OpenVEX states and justifications); kept with its history",
          params: FindingParams,
          body: Type.Object(
            {
              state: Type.Enum([...ANALYSIS_STATES]),
              justification: Type.Optional(Type.Enum([...JUSTIFICATIONS])),
              responses: Type.Optional(Type.Array(Type.Enum([...RESPONSES]), { maxItems: 5 })),
              detail: Type.Optional(Type.String({ maxLength: 4000 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: FindingSchema, ...ErrorResponses },
        },
      },
      async (request) => {
        const project = await visibleProject(store, request, request.params.name);
        const finding = await findingOf(project.id, request.params.id, project.name);
        const done = await triageFinding(
          ctx.portfolio,
          finding,
          project.name,
          request.body,
          request.principal!.name,
        );
        return findingView(done.finding, done.analysis);
      },
    );

    app.get(
      "/api/v1/projects/:name/findings/:id/analysis",
      {
        config: { access: "read" },
        schema: {
          summary: "A finding's triage history, newest first",
          params: FindingParams,
          querystring: Type.Object(PageQuery),
          response: { 200: PageOf(AnalysisSchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const project = await visibleProject(store, request, request.params.name);
        await findingOf(project.id, request.params.id, project.name);
        const page = await store.analyses.history(request.params.id, request.query);
        return { items: page.items.map(({ findingId: _id, ...a }) => a), nextCursor: page.nextCursor };
      },
    );

    app.get(
      "/api/v1/projects/:name/vex",
      {
        config: { access: "read" },
        schema: {
          summary: "The project's triage as OpenVEX or CycloneDX VEX",
          params: ProjectNameParams,
          querystring: Type.Object({
            format: Type.Optional(Type.Enum(["openvex", "cyclonedx"], { default: "openvex" })),
          }),
          response: { 200: Type.Record(Type.String(), Type.Unknown()), ...ErrorResponses },
        },
      },
      async (request) => {
        const project = await visibleProject(store, request, request.params.name);
        return exportVex(ctx.portfolio, project, request.query.format ?? "openvex");
      },
    );

    app.post(
      "/api/v1/projects/:name/vex",
      {
        config: { access: "write" },
        schema: {
          summary: "Apply an OpenVEX or CycloneDX VEX document to the project's findings",
          params: ProjectNameParams,
          body: Type.Record(Type.String(), Type.Unknown()),
          response: {
            200: Type.Object({ statements: Type.Integer(), applied: Type.Integer() }),
            ...ErrorResponses,
          },
        },
      },
      async (request) => {
        const project = await visibleProject(store, request, request.params.name);
        return applyVex(ctx.portfolio, project, JSON.stringify(request.body), request.principal!.name);
      },
    );
  };
}
