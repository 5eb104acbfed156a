import { Type } from "typebox";
import { RANKING_CSV_HEADER, rankedComponentView, rankingCsvLine } from "../../ranking/view.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { scopeFilter } from "../project-access.js";
import { ErrorResponses, PageOf, PageQuery } from "../schemas.js";

/** Rows a CSV export holds at most (walked in pages of 1,000). */
export const MAX_CSV_ROWS = 100_000;

export const RankedComponentSchema = Type.Object({
  ecosystem: Type.String(),
  name: Type.String(),
  purl: Type.String(),
  projects: Type.Integer(),
  directProjects: Type.Integer(),
  transitiveProjects: Type.Integer(),
  openVulnerabilities: Type.Integer(),
  openFindings: Type.Integer(),
  kev: Type.Integer(),
  criticality: Type.Optional(Type.Number()),
  riskScore: Type.Optional(Type.Number()),
  score: Type.Number(),
});

/**
 * `GET /api/v1/components/ranking`: the open-source components the portfolio depends on, ranked for audit
 * (docs/ranking.md). A scoped key's counts cover only its projects. `format=csv` exports the ranking (from
 * the cursor on, `limit` rows or the whole list up to 100,000) for spreadsheets.
 */
export function rankingRoutes(ctx: ServerContext) {
  const { store } = ctx.portfolio;
  return (app: App) => {
    app.get(
      "/api/v1/components/ranking",
      {
        config: { access: "read" },
        schema: {
          summary: "Components ranked by what deserves an audit first",
          querystring: Type.Object({
            ...PageQuery,
            // no default: a CSV without `limit` exports the whole ranking (JSON pages default to 100)
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_CSV_ROWS })),
            ecosystem: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            format: Type.Optional(Type.Union([Type.Literal("json"), Type.Literal("csv")])),
          }),
          response: {
            200: {
              description: "a page of the ranking (JSON), or the ranking as text/csv with format=csv",
              content: {
                "application/json": { schema: PageOf(RankedComponentSchema) },
                "text/csv": { schema: Type.String() },
              },
            },
            ...ErrorResponses,
          },
        },
      },
      async (request, reply) => {
        const { format, limit, cursor, ecosystem } = request.query;
        const query = {
          ...(ecosystem ? { ecosystem } : {}),
          projectPatterns: scopeFilter(request),
        };
        if (format !== "csv") {
          const page = await store.ranking.list({ ...query, limit: limit ?? 100, cursor });
          return reply
            .type("application/json")
            .send({ items: page.items.map(rankedComponentView), nextCursor: page.nextCursor });
        }
        const wanted = limit ?? MAX_CSV_ROWS;
        const lines = [RANKING_CSV_HEADER];
        let next: string | undefined = cursor;
        let rank = 0;
        while (rank < wanted) {
          const page = await store.ranking.list({
            ...query,
            limit: Math.min(1000, wanted - rank),
            cursor: next,
          });
          for (const item of page.items) lines.push(rankingCsvLine(++rank, rankedComponentView(item)));
          if (page.nextCursor === null) break;
          next = page.nextCursor;
        }
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", 'attachment; filename="bulwark-ranking.csv"')
          .send(lines.join(""));
      },
    );
  };
}
