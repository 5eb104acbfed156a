import { Type } from "typebox";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { visibleProject } from "../project-access.js";
import { ErrorResponses, PageQuery, ProjectNameParams } from "../schemas.js";

const Level = Type.Union([Type.Literal("fail"), Type.Literal("warn"), Type.Literal("info")]);

const ViolationSchema = Type.Object({
  id: Type.Integer(),
  rule: Type.String(),
  level: Level,
  subject: Type.Object(
    {
      kind: Type.Union([Type.Literal("finding"), Type.Literal("package"), Type.Literal("project")]),
      id: Type.Optional(Type.String()),
      aliases: Type.Optional(Type.Array(Type.String())),
      purl: Type.Optional(Type.String()),
      name: Type.Optional(Type.String()),
    },
    { additionalProperties: true },
  ),
  message: Type.String(),
  locations: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
  detectedAt: Type.String({ format: "date-time" }),
  resolvedAt: Type.Optional(Type.String({ format: "date-time" })),
});

const Counts = Type.Object({ fail: Type.Integer(), warn: Type.Integer(), info: Type.Integer() });

/**
 * `GET /api/v1/projects/{name}/violations[?all=true]`: the project's violations of the server's policy
 * (`bulwark serve --policy FILE`), current ones by default, resolved ones too with `all`; `counts` are the
 * current ones by level. `policy` is false when the server runs without a policy.
 */
export function violationRoutes(ctx: ServerContext) {
  const { store } = ctx.portfolio;
  return (app: App) => {
    app.get(
      "/api/v1/projects/:name/violations",
      {
        config: { access: "read" },
        schema: {
          summary: "A project's policy violations",
          params: ProjectNameParams,
          querystring: Type.Object({ ...PageQuery, all: Type.Optional(Type.Boolean()) }),
          response: {
            200: Type.Object({
              policy: Type.Boolean(),
              counts: Counts,
              items: Type.Array(ViolationSchema),
              nextCursor: Type.Union([Type.String(), Type.Null()]),
            }),
            ...ErrorResponses,
          },
        },
      },
      async (request) => {
        const project = await visibleProject(store, request, request.params.name);
        const { all, limit, cursor } = request.query;
        const page = await store.violations.listForProject(project.id, {
          ...(all ? { all } : {}),
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor ? { cursor } : {}),
        });
        return {
          policy: ctx.portfolio.policy !== undefined,
          counts: await store.violations.counts(project.id),
          items: page.items.map((s) => ({
            id: s.id,
            rule: s.violation.rule,
            level: s.violation.level,
            subject: s.violation.subject,
            message: s.violation.message,
            ...(s.violation.locations?.length ? { locations: s.violation.locations } : {}),
            detectedAt: s.detectedAt,
            ...(s.resolvedAt ? { resolvedAt: s.resolvedAt } : {}),
          })),
          nextCursor: page.nextCursor,
        };
      },
    );
  };
}
