import { Type } from "typebox";
import { PROJECT_SORTS } from "../../store/portfolio/ports.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { scopeFilter, visibleProject } from "../project-access.js";
import { ErrorResponses, PageOf, PageQuery, ProjectNameParams, ProjectSchema } from "../schemas.js";
import { projectView } from "../views.js";

/** Projects: list (search, tag, sort, cursor), read, change tags and description, delete. */
export function projectRoutes(ctx: ServerContext) {
  const { store } = ctx.portfolio;
  return (app: App) => {
    app.get(
      "/api/v1/projects",
      {
        config: { access: "read", cacheable: true },
        schema: {
          summary: "List projects",
          querystring: Type.Object({
            ...PageQuery,
            search: Type.Optional(Type.String({ maxLength: 200 })),
            tag: Type.Optional(Type.String({ maxLength: 100 })),
            sort: Type.Optional(Type.Enum([...PROJECT_SORTS])),
            direction: Type.Optional(Type.Enum(["asc", "desc"])),
          }),
          response: { 200: PageOf(ProjectSchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const page = await store.projects.list({ ...request.query, projectPatterns: scopeFilter(request) });
        return { items: page.items.map(projectView), nextCursor: page.nextCursor };
      },
    );

    app.get(
      "/api/v1/projects/:name",
      {
        config: { access: "read", cacheable: true },
        schema: {
          summary: "A project",
          params: ProjectNameParams,
          response: { 200: ProjectSchema, ...ErrorResponses },
        },
      },
      async (request) => projectView(await visibleProject(store, request, request.params.name)),
    );

    app.patch(
      "/api/v1/projects/:name",
      {
        config: { access: "write" },
        schema: {
          summary: "Change a project's description or tags",
          params: ProjectNameParams,
          body: Type.Object(
            {
              description: Type.Optional(Type.String({ maxLength: 2000 })),
              tags: Type.Optional(
                Type.Array(Type.String({ minLength: 1, maxLength: 100, pattern: "^[^\\s,]+$" }), {
                  maxItems: 50,
                }),
              ),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: ProjectSchema, ...ErrorResponses },
        },
      },
      async (request) => {
        const project = await visibleProject(store, request, request.params.name);
        const at = ctx.portfolio.clock().toISOString();
        const updated = await store.transaction(async (tx) => {
          const changed = await tx.projects.update(project.id, { ...request.body, at });
          await tx.audit.append([
            {
              at,
              keyName: request.principal!.name,
              action: "project.update",
              target: project.name,
              details: request.body,
            },
          ]);
          return changed;
        });
        return projectView(updated ?? project);
      },
    );

    app.delete(
      "/api/v1/projects/:name",
      {
        config: { access: "admin" },
        schema: {
          summary: "Delete a project and its data",
          params: ProjectNameParams,
          response: { 204: Type.Null(), ...ErrorResponses },
        },
      },
      async (request, reply) => {
        const project = await visibleProject(store, request, request.params.name);
        const at = ctx.portfolio.clock().toISOString();
        await store.transaction(async (tx) => {
          await tx.projects.delete(project.id);
          await tx.audit.append([
            { at, keyName: request.principal!.name, action: "project.delete", target: project.name },
          ]);
        });
        return reply.code(204).send(null);
      },
    );
  };
}
