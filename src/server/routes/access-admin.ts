import { Type } from "typebox";
import { hashApiKey } from "../../store/portfolio/api-key-hash.js";
import { API_KEY_ROLES, type ApiKey } from "../../store/portfolio/ports.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { newApiKey } from "../key-authenticator.js";
import { notFound } from "../project-access.js";
import { ErrorResponses, PageOf, PageQuery } from "../schemas.js";

const KeySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: Type.String(),
  projects: Type.Array(Type.String()),
  createdAt: Type.String(),
  createdBy: Type.Optional(Type.String()),
  lastUsedAt: Type.Optional(Type.String()),
  revokedAt: Type.Optional(Type.String()),
});

const keyView = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  role: k.role,
  projects: k.projectPatterns,
  createdAt: k.createdAt,
  ...(k.createdBy ? { createdBy: k.createdBy } : {}),
  ...(k.lastUsedAt ? { lastUsedAt: k.lastUsedAt } : {}),
  ...(k.revokedAt ? { revokedAt: k.revokedAt } : {}),
});

/** API keys (create, list, revoke) and the audit log: admin only. */
export function accessAdminRoutes(ctx: ServerContext) {
  const { store } = ctx.portfolio;
  return (app: App) => {
    app.get(
      "/api/v1/keys",
      {
        config: { access: "admin" },
        schema: {
          summary: "API keys (never the keys themselves)",
          querystring: Type.Object({ ...PageQuery, includeRevoked: Type.Optional(Type.Boolean()) }),
          response: { 200: PageOf(KeySchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const page = await store.apiKeys.list(request.query);
        return { items: page.items.map(keyView), nextCursor: page.nextCursor };
      },
    );

    app.post(
      "/api/v1/keys",
      {
        config: { access: "admin" },
        schema: {
          summary: "Create an API key; the answer shows it once",
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 100, pattern: "^[^\\u0000-\\u001f]+$" }),
              role: Type.Enum([...API_KEY_ROLES]),
              projects: Type.Optional(
                Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 }),
              ),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Intersect([KeySchema, Type.Object({ key: Type.String() })]),
            ...ErrorResponses,
          },
        },
      },
      async (request, reply) => {
        const secret = newApiKey();
        const at = ctx.portfolio.clock().toISOString();
        const key = await store.transaction(async (tx) => {
          const created = await tx.apiKeys.create({
            name: request.body.name,
            role: request.body.role,
            projectPatterns: request.body.projects ?? [],
            hash: hashApiKey(secret),
            createdAt: at,
            createdBy: request.principal!.name,
          });
          await tx.audit.append([
            {
              at,
              keyName: request.principal!.name,
              action: "key.create",
              target: created.name,
              details: { role: created.role, projects: created.projectPatterns },
            },
          ]);
          return created;
        });
        return reply.code(201).send({ ...keyView(key), key: secret });
      },
    );

    app.delete(
      "/api/v1/keys/:id",
      {
        config: { access: "admin" },
        schema: {
          summary: "Revoke an API key",
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          response: { 204: Type.Null(), ...ErrorResponses },
        },
      },
      async (request, reply) => {
        const at = ctx.portfolio.clock().toISOString();
        const key = await store.apiKeys.get(request.params.id);
        const revoked = key
          ? await store.transaction(async (tx) => {
              const done = await tx.apiKeys.revoke(key.id, at);
              if (done)
                await tx.audit.append([
                  { at, keyName: request.principal!.name, action: "key.revoke", target: key.name },
                ]);
              return done;
            })
          : false;
        if (!revoked) throw notFound(`no active key ${request.params.id}`);
        return reply.code(204).send(null);
      },
    );

    app.get(
      "/api/v1/audit",
      {
        config: { access: "admin" },
        schema: {
          summary: "The audit log of every write, newest first",
          querystring: Type.Object({
            ...PageQuery,
            keyName: Type.Optional(Type.String({ maxLength: 100 })),
            action: Type.Optional(Type.String({ maxLength: 100 })),
            since: Type.Optional(Type.String({ format: "date-time" })),
          }),
          response: {
            200: PageOf(
              Type.Object({
                id: Type.Integer(),
                at: Type.String(),
                keyName: Type.String(),
                action: Type.String(),
                target: Type.String(),
                details: Type.Optional(Type.Unknown()),
              }),
            ),
            ...ErrorResponses,
          },
        },
      },
      async (request) => store.audit.list(request.query),
    );
  };
}
