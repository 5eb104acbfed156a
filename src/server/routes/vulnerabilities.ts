import { Type } from "typebox";
import { mergedAdvisory } from "../../portfolio/vulnerability.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { notFound, scopeFilter } from "../project-access.js";
import { ErrorResponses, FindingSchema, PageOf, PageQuery } from "../schemas.js";
import { findingView } from "../views.js";

const AdvisorySchema = Type.Object({
  id: Type.String(),
  aliases: Type.Array(Type.String()),
  summary: Type.Optional(Type.String()),
  details: Type.Optional(Type.String()),
  severity: Type.Object({
    rating: Type.String(),
    score: Type.Optional(Type.Number()),
    vector: Type.Optional(Type.String()),
    type: Type.String(),
  }),
  published: Type.Optional(Type.String()),
  modified: Type.Optional(Type.String()),
  withdrawn: Type.Optional(Type.String()),
  affected: Type.Array(
    Type.Object({ ecosystem: Type.String(), name: Type.String(), ranges: Type.Array(Type.Unknown()) }),
  ),
  references: Type.Array(Type.Object({ type: Type.String(), url: Type.String() })),
  records: Type.Array(Type.String()),
});

/**
 * Reverse lookup: `GET /api/v1/vulnerabilities/{id}` by any alias — the merged advisory, and every finding of it
 * in the portfolio, now and before (open, fixed, withdrawn, suppressed), each with its project, package,
 * paths, fixed versions and clock. Served by indexes: the advisory's alias index and the findings' id index.
 */
export function vulnerabilityRoutes(ctx: ServerContext) {
  const { store, advisories } = ctx.portfolio;
  return (app: App) => {
    app.get(
      "/api/v1/vulnerabilities/:id",
      {
        config: { access: "read" },
        schema: {
          summary: "A vulnerability by any of its ids, and every project it affects or affected",
          params: Type.Object({ id: Type.String({ minLength: 3, maxLength: 200 }) }),
          querystring: Type.Object({ ...PageQuery }),
          response: {
            200: Type.Object({
              advisory: Type.Union([AdvisorySchema, Type.Null()]),
              findings: PageOf(FindingSchema),
            }),
            ...ErrorResponses,
          },
        },
      },
      async (request) => {
        const id = request.params.id.trim();
        const advisory = await mergedAdvisory(advisories, id);
        // Findings are indexed under every id of their alias group, so the id asked for finds them.
        const page = await store.findings.byVulnerability(id, {
          ...request.query,
          projectPatterns: scopeFilter(request),
        });
        const items = page.items;
        if (!advisory && items.length === 0) throw notFound(`no advisory or finding known as ${id}`, { id });
        const analyses = await store.analyses.current(items.map((f) => f.id));
        return {
          advisory: advisory ?? null,
          findings: {
            items: items.map((f) => findingView(f, analyses.get(f.id), f.projectName)),
            nextCursor: page.nextCursor,
          },
        };
      },
    );
  };
}
