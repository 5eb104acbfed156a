import { Type } from "typebox";
import { ecosystemBase } from "../../advisories/ecosystem-match.js";
import { normalizeName } from "../../ecosystems/index.js";
import { refFromPurl } from "../../ecosystems/purl.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { scopeFilter, visibleProject } from "../project-access.js";
import {
  ComponentSchema,
  ErrorResponses,
  PageOf,
  PageQuery,
  PortfolioComponentSchema,
  ProjectNameParams,
} from "../schemas.js";
import { componentView } from "../views.js";

/** A project's current components, and the reverse lookup: every project holding a package. */
export function componentRoutes(ctx: ServerContext) {
  const { store } = ctx.portfolio;
  return (app: App) => {
    app.get(
      "/api/v1/projects/:name/components",
      {
        config: { access: "read", cacheable: true },
        schema: {
          summary: "A project's current components",
          params: ProjectNameParams,
          querystring: Type.Object({ ...PageQuery, version: Type.Optional(Type.String({ maxLength: 100 })) }),
          response: { 200: PageOf(ComponentSchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const project = await visibleProject(store, request, request.params.name);
        const page = await store.components.listForProject(project.id, request.query);
        return { items: page.items.map(componentView), nextCursor: page.nextCursor };
      },
    );

    app.get(
      "/api/v1/components",
      {
        config: { access: "read", cacheable: true },
        schema: {
          summary: "Every project that contains a package (purl with or without a version)",
          querystring: Type.Object({ ...PageQuery, purl: Type.String({ minLength: 5, maxLength: 1000 }) }),
          response: { 200: PageOf(PortfolioComponentSchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const ref = refFromPurl(request.query.purl); // PURL_INVALID (400) naming the problem
        const base = ecosystemBase(ref.ecosystem);
        const page = await store.components.byPackage(
          { ecosystem: base, name: normalizeName(base, ref.name) },
          {
            limit: request.query.limit,
            cursor: request.query.cursor,
            ...(ref.version ? { version: ref.version } : {}),
            projectPatterns: scopeFilter(request),
          },
        );
        return {
          items: page.items.map((c) => ({ ...componentView(c), project: c.projectName })),
          nextCursor: page.nextCursor,
        };
      },
    );
  };
}
