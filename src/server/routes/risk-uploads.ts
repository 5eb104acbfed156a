import { Type } from "typebox";
import type { PackageKey } from "../../advisories/ports.js";
import { evaluateProjectPolicies } from "../../portfolio/policy-evaluation.js";
import { RiskReportSchema, riskResultOf } from "../../ranking/risk-document.js";
import { everyItem } from "../../store/portfolio/every-item.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { ErrorResponses, ProblemSchema } from "../schemas.js";

const RiskResultSchema = Type.Object({
  id: Type.Integer(),
  package: Type.Object({ ecosystem: Type.String(), name: Type.String(), purl: Type.String() }),
  repository: Type.Optional(Type.String()),
  score: Type.Union([Type.Number(), Type.Null()]),
  criticality: Type.Union([Type.Number(), Type.Null()]),
  checkedAt: Type.String({ format: "date-time" }),
  uploadedBy: Type.String(),
});

/**
 * `POST /api/v1/risk?purl=&repository=`: a `bulwark risk --format json` report about an open-source
 * component's repository, linked to the package (any version) it is the source of. The newest result per
 * package feeds the audit ranking and the policies' `risk_below`; every one is kept. The key that posts it
 * may be scoped: a result describes a component, not a project.
 */
export function riskUploadRoutes(ctx: ServerContext) {
  const { store } = ctx.portfolio;
  return (app: App) => {
    app.post(
      "/api/v1/risk",
      {
        config: { access: "write" },
        bodyLimit: ctx.uploadLimitBytes,
        schema: {
          summary: "Upload a `bulwark risk --format json` result for a component",
          querystring: Type.Object({
            purl: Type.String({
              minLength: 5,
              maxLength: 1000,
              description: "the package the repository is the source of (a version is ignored)",
            }),
            repository: Type.Optional(
              Type.String({ maxLength: 2000, description: "default: the report's repo.url" }),
            ),
          }),
          body: RiskReportSchema,
          response: { 201: RiskResultSchema, 413: ProblemSchema, ...ErrorResponses },
        },
      },
      async (request, reply) => {
        const at = ctx.portfolio.clock().toISOString();
        const by = request.principal!.name;
        const result = riskResultOf(request.body, { ...request.query, at, by }); // PURL_INVALID: 400
        const stored = await store.transaction(async (tx) => {
          const saved = await tx.riskResults.record(result);
          await tx.audit.append([
            {
              at,
              keyName: by,
              action: "risk.upload",
              target: result.purl,
              details: { id: saved.id, repository: result.repository, score: result.score },
            },
          ]);
          return saved;
        });
        // a policy with `risk_below` judges this package anew in every project holding it
        if (ctx.portfolio.policy?.rules.some((r) => r.riskBelow !== undefined))
          await evaluateProjectPolicies(ctx.portfolio, await holders(ctx, stored.key));
        return reply.code(201).send({
          id: stored.id,
          package: { ecosystem: stored.key.ecosystem, name: stored.key.name, purl: stored.purl },
          ...(stored.repository ? { repository: stored.repository } : {}),
          score: stored.score,
          criticality: stored.criticality,
          checkedAt: stored.checkedAt,
          uploadedBy: stored.uploadedBy,
        });
      },
    );
  };
}

/** The projects holding a package (any version), through the reverse index. */
async function holders(ctx: ServerContext, key: PackageKey): Promise<number[]> {
  const held = await everyItem((page) => ctx.portfolio.store.components.byPackage(key, page));
  return [...new Set(held.map((c) => c.projectId))];
}
