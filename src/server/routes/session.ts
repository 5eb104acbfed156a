import { fastifyCookie } from "@fastify/cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { BulwarkError } from "../../model/errors.js";
import type { App } from "../app.js";
import type { Authenticator, FailedAuthThrottle, Principal } from "../auth.js";
import type { ServerContext } from "../context.js";
import { ErrorResponses } from "../schemas.js";
import { csrfTokenFor, issueSessionToken, SESSION_COOKIE, type SessionSecrets } from "../session.js";

/** How the server signs people in. */
export interface SessionRouteOptions {
  secrets: SessionSecrets;
  /** Session lifetime. */
  ttlMs: number;
  /** Trust X-Forwarded-Proto: the server runs behind a proxy that terminates TLS. */
  behindProxy: boolean;
  /** The throttle of failed authentication, shared with the bearer-key check. */
  throttle: FailedAuthThrottle;
  /** Resolves API keys exactly as bearer requests are resolved. */
  authenticator: Authenticator;
}

const SessionSchema = Type.Object({
  name: Type.String({ description: "the API key's name" }),
  role: Type.String(),
  projects: Type.Array(Type.String(), { description: "project-name patterns; empty = every project" }),
  via: Type.Enum(["session", "key"], { description: "signed in (cookie) or a bearer key" }),
  expiresAt: Type.Optional(Type.String({ format: "date-time" })),
  csrfToken: Type.Optional(
    Type.String({ description: "send as X-CSRF-Token with every change made through the session" }),
  ),
});

/** Whether the request reached us over TLS (directly, or through a trusted proxy that says so). */
function overTls(request: FastifyRequest, behindProxy: boolean): boolean {
  if ((request.raw.socket as { encrypted?: boolean }).encrypted) return true;
  if (!behindProxy) return false;
  const header = request.headers["x-forwarded-proto"];
  const first = (Array.isArray(header) ? header[0] : header)?.split(",")[0]?.trim().toLowerCase();
  return first === "https";
}

function setSessionCookie(reply: FastifyReply, secure: boolean, value: string, maxAgeSeconds: number): void {
  reply.header(
    "set-cookie",
    fastifyCookie.serialize(SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: "strict",
      secure,
      path: "/",
      maxAge: maxAgeSeconds,
      ...(maxAgeSeconds === 0 ? { expires: new Date(0) } : {}),
    }),
  );
}

const view = (p: Principal) => ({
  name: p.name,
  role: p.role,
  projects: p.projects,
  via: p.session ? ("session" as const) : ("key" as const),
  ...(p.session ? { expiresAt: p.session.expiresAt, csrfToken: p.session.csrfToken } : {}),
});

/**
 * Sign-in for the dashboard: `POST /api/v1/session {key}` exchanges an API key for a session cookie
 * (HttpOnly, SameSite=Strict, Secure when the request came over TLS), `GET` says who is signed in (with the
 * CSRF token), `DELETE` signs out. Failed sign-ins are slowed down like failed bearer keys.
 */
export function sessionRoutes(ctx: ServerContext, options: SessionRouteOptions) {
  const { store, clock } = ctx.portfolio;
  return (app: App) => {
    app.post(
      "/api/v1/session",
      {
        config: { access: "public" },
        schema: {
          summary: "Sign in: exchange an API key for a session cookie",
          body: Type.Object(
            { key: Type.String({ minLength: 1, maxLength: 200 }) },
            { additionalProperties: false },
          ),
          response: { 200: SessionSchema, ...ErrorResponses },
        },
      },
      async (request, reply) => {
        const { throttle } = options;
        const key = await options.authenticator.authenticate(request.body.key, request);
        if (!key) {
          const delay = throttle.delayFor(request.ip);
          throttle.recordFailure(request.ip);
          if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
          throw new BulwarkError("UNAUTHENTICATED", "the API key is not valid (unknown or revoked)");
        }
        throttle.recordSuccess(request.ip);
        const now = clock();
        const expiresAt = now.getTime() + options.ttlMs;
        const token = await issueSessionToken(options.secrets, Number(key.keyId), expiresAt);
        await store.audit.append([
          { at: now.toISOString(), keyName: key.name, action: "session.create", target: key.name },
        ]);
        setSessionCookie(
          reply,
          overTls(request, options.behindProxy),
          token,
          Math.floor(options.ttlMs / 1000),
        );
        reply.header("cache-control", "no-store");
        return view({
          ...key,
          session: {
            expiresAt: new Date(Math.floor(expiresAt / 1000) * 1000).toISOString(),
            csrfToken: await csrfTokenFor(options.secrets, token),
          },
        });
      },
    );

    app.get(
      "/api/v1/session",
      {
        // Public so that a page not signed in learns it without an error answer: 204 means nobody.
        config: { access: "public" },
        schema: {
          summary: "Who is calling: the key's name, role and project patterns (and the session's CSRF token)",
          description: "204 when the request carries no valid key or session.",
          response: { 200: SessionSchema, 204: Type.Null(), ...ErrorResponses },
        },
      },
      async (request, reply) => {
        reply.header("cache-control", "no-store");
        if (!request.principal) return reply.code(204).send(null);
        return view(request.principal);
      },
    );

    app.delete(
      "/api/v1/session",
      {
        config: { access: "public" },
        schema: { summary: "Sign out: the session cookie is cleared", response: { 204: Type.Null() } },
      },
      async (request, reply) => {
        setSessionCookie(reply, overTls(request, options.behindProxy), "", 0);
        return reply.code(204).send(null);
      },
    );
  };
}
