import { Type } from "typebox";
import { FINDING_SORTS, FINDING_STATES, type FindingState } from "../../store/portfolio/ports.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { notFound, visibleProject } from "../project-access.js";
import { ErrorResponses, FindingSchema, PageOf, PageQuery, ProjectNameParams } from "../schemas.js";
import { findingView } from "../views.js";

/** `state=all` or one state; default `open`. */
function statesOf(state: string | undefined): FindingState[] | undefined {
  if (!state || state === "open") return ["open"];
  return state === "all" ? undefined : [state as FindingState];
}

/** A project's findings with their clock: the same findings `bulwark scan` gives for its inventory. */
export function findingRoutes(ctx: ServerContext) {
  const { store } = ctx.portfolio;
  return (app: App) => {
    app.get(
      "/api/v1/projects/:name/findings",
      {
        config: { access: "read", cacheable: true },
        schema: {
          summary: "A project's findings, with publishedAt, detectedAt, fixedAt and state",
          params: ProjectNameParams,
          querystring: Type.Object({
            ...PageQuery,
            state: Type.Optional(Type.Enum([...FINDING_STATES, "all"], { default: "open" })),
            version: Type.Optional(Type.String({ maxLength: 100 })),
            sort: Type.Optional(Type.Enum([...FINDING_SORTS])),
          }),
          response: { 200: PageOf(FindingSchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const project = await visibleProject(store, request, request.params.name);
        const { state, ...query } = request.query;
        const states = statesOf(state);
        const page = await store.findings.listForProject(project.id, {
          ...query,
          ...(states ? { states } : {}),
        });
        const analyses = await store.analyses.current(page.items.map((f) => f.id));
        return {
          items: page.items.map((f) => findingView(f, analyses.get(f.id))),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.get(
      "/api/v1/projects/:name/findings/:id",
      {
        config: { access: "read" },
        schema: {
          summary: "One finding of a project",
          params: Type.Intersect([ProjectNameParams, Type.Object({ id: Type.Integer({ minimum: 1 }) })]),
          response: { 200: FindingSchema, ...ErrorResponses },
        },
      },
      async (request) => {
        const project = await visibleProject(store, request, request.params.name);
        const finding = await store.findings.get(request.params.id);
        if (!finding || finding.projectId !== project.id)
          throw notFound(`no finding ${request.params.id} in the project ${project.name}`);
        const analysis = (await store.analyses.current([finding.id])).get(finding.id);
        return findingView(finding, analysis);
      },
    );
  };
}
