import { Type } from "typebox";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";

/** `/healthz`: the process answers. `/readyz`: the store answers and its schema is current. */
export function healthRoutes(ctx: ServerContext) {
  const { store, advisories } = ctx.portfolio;
  return (app: App) => {
    app.get(
      "/healthz",
      {
        config: { access: "public" },
        schema: { summary: "Liveness", response: { 200: Type.Object({ status: Type.Literal("ok") }) } },
      },
      async () => ({ status: "ok" as const }),
    );
    app.get(
      "/readyz",
      {
        config: { access: "public" },
        schema: {
          summary: "Readiness: the store is reachable and migrated, the advisory database answers",
          response: {
            200: Type.Object({
              status: Type.Literal("ready"),
              schemaVersion: Type.Integer(),
              advisories: Type.Integer(),
            }),
            503: Type.Object({ status: Type.Literal("unavailable"), reason: Type.String() }),
          },
        },
      },
      async (_request, reply) => {
        try {
          await store.ping();
          const status = await advisories.status();
          return { status: "ready" as const, schemaVersion: store.schemaVersion, advisories: status.records };
        } catch (error) {
          return reply.code(503).send({ status: "unavailable" as const, reason: (error as Error).message });
        }
      },
    );
  };
}
