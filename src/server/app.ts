import swagger from "@fastify/swagger";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from "fastify";
import { BulwarkError } from "../model/errors.js";
import { VERSION } from "../version.js";
import { type Access, roleAllows } from "./access.js";
import { type Authenticator, authenticateRequest, FailedAuthThrottle } from "./auth.js";
import { problemOf } from "./problem.js";

/** The Fastify instance with TypeBox schemas, as route plugins receive it. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module "fastify" {
  interface FastifyContextConfig {
    /** Who may call the route; every route must say (see access.ts). */
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route with the access rule it declared, in registration order (tests and documentation). */
    accessTable: { method: string; url: string; access: Access }[];
  }
  interface FastifyRequest {
    /** The caller, once authenticated (absent on public routes called without a key). */
    principal?: import("./auth.js").Principal;
  }
}

/** What the HTTP layer is built from. */
export interface AppOptions {
  /** Fastify's logger option: structured JSON logs (pino) or false. */
  logger?: FastifyServerOptions["logger"];
  /** Resolves API keys; routes other than `public` need one. */
  authenticator: Authenticator;
  /** Slows down repeated failed authentication per address (default: a new throttle). */
  throttle?: FailedAuthThrottle;
  /** Route plugins, each registering its routes on the app. */
  routes: ((app: App) => Promise<void> | void)[];
  /** Hooks that must see every request (metrics), run on the root app before the routes. */
  instruments?: ((app: App) => void)[];
  /** Largest request body accepted by default (uploads set their own limit). */
  bodyLimit?: number;
}

/**
 * Builds the HTTP application: TypeBox-validated routes, an access rule on every route (registering a route
 * without one fails), authentication by bearer key, RFC 9457 problem bodies for every error (a validation
 * error names the offending field; nothing internal leaks), and the OpenAPI 3.1 document at
 * /api/openapi.json generated from the routes' schemas.
 */
export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // ids in logs and problem bodies, not the default counter that restarts with the process
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.decorate("accessTable", []);
  app.addHook("onRoute", (route) => {
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} has no access rule (config.access)`);
    for (const method of [route.method].flat())
      if (method !== "HEAD") app.accessTable.push({ method, url: route.url, access });
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Bulwark", version: VERSION, description: "Bulwark's portfolio server API" },
      components: {
        securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "an API key" } },
      },
    },
  });
  app.get("/api/openapi.json", { config: { access: "public" }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  const throttle = options.throttle ?? new FailedAuthThrottle();
  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access) return; // no such route: the not-found handler answers
    const principal = await authenticateRequest(
      options.authenticator,
      request,
      access === "public",
      throttle,
    );
    if (principal) request.principal = principal;
    if (access !== "public" && principal && !roleAllows(principal.role, access))
      throw new BulwarkError("FORBIDDEN", `this needs a key with the ${access} role`, {
        details: { role: principal.role, needs: access },
      });
  });

  app.setErrorHandler((error, request, reply) => {
    const problem = problemOf(error);
    if (problem.status >= 500) request.log.error({ err: error }, "request failed");
    return reply.code(problem.status).type("application/problem+json").send(problem);
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type("application/problem+json")
      .send({
        type: "urn:bulwark:problem:INPUT_NOT_FOUND",
        title: "INPUT_NOT_FOUND",
        status: 404,
        detail: `no route ${request.method} ${request.url.split("?")[0]}`,
        code: "INPUT_NOT_FOUND",
      }),
  );

  for (const instrument of options.instruments ?? []) instrument(app);
  for (const routes of options.routes) await app.register(async (scope) => routes(scope as App));
  await app.ready();
  return app;
}
