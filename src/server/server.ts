import type { FastifyServerOptions } from "fastify";
import type { AdvisoryReader, AdvisoryWriter } from "../advisories/ports.js";
import type { Policy } from "../policy/index.js";
import { DEFAULT_RETENTION } from "../portfolio/context.js";
import type { PortfolioStore } from "../store/portfolio/ports.js";
import { type App, buildApp } from "./app.js";
import { type Authenticator, FailedAuthThrottle } from "./auth.js";
import { DEFAULT_UPLOAD_LIMIT_BYTES, type ServerContext } from "./context.js";
import { keyAuthenticator } from "./key-authenticator.js";
import { accessAdminRoutes } from "./routes/access-admin.js";
import { advisoryRoutes } from "./routes/advisories.js";
import { componentRoutes } from "./routes/components.js";
import { findingRoutes } from "./routes/findings.js";
import { healthRoutes } from "./routes/health.js";
import { createServerMetrics, instrumentRequests, metricsRoutes } from "./routes/metrics.js";
import { osvApiRoutes } from "./routes/osv-api.js";
import { projectRoutes } from "./routes/projects.js";
import { rankingRoutes } from "./routes/ranking.js";
import { riskUploadRoutes } from "./routes/risk-uploads.js";
import { sessionRoutes } from "./routes/session.js";
import { snapshotRoutes } from "./routes/snapshots.js";
import { triageRoutes } from "./routes/triage.js";
import { uploadRoutes } from "./routes/uploads.js";
import { violationRoutes } from "./routes/violations.js";
import { vulnerabilityRoutes } from "./routes/vulnerabilities.js";
import { DEFAULT_WEB_ROOT, loadWebApp, webRoutes } from "./routes/web.js";
import {
  DEFAULT_SESSION_TTL_MS,
  memorySessionSecrets,
  type SessionSecrets,
  sessionAuthenticator,
} from "./session.js";

/** What a server is built from; the caller (the `serve` command, a test) opens the store and the advisories. */
export interface ServerOptions {
  store: PortfolioStore;
  advisories: { reader: AdvisoryReader; writer?: AdvisoryWriter; location: string };
  clock?: () => Date;
  logger?: FastifyServerOptions["logger"];
  /** Snapshots kept per project version. */
  retention?: number;
  uploadLimitBytes?: number;
  /** Open the OSV-compatible `/v1` routes without a key. */
  publicOsvApi?: boolean;
  /** The built web dashboard's folder (default: this package's dist/web); false serves no dashboard. */
  webRoot?: string | false;
  /**
   * Dashboard sign-in: the secret sessions are signed with (instances sharing a database must share it;
   * default: random for this process) and their lifetime (default 8 h).
   */
  sessions?: { secrets?: SessionSecrets; ttlMs?: number };
  /** Behind a proxy that terminates TLS: trust its X-Forwarded-Proto (cookies get the Secure flag). */
  behindProxy?: boolean;
  /** The policy evaluated on every project an upload or advisory import changes (`--policy FILE`). */
  policy?: Policy;
}

/**
 * Builds the whole HTTP application on an opened store and advisory database: every route of the API, the
 * OSV-compatible query service, health and metrics. Holds no state another instance would need: everything
 * lives in the store.
 */
export async function buildServer(options: ServerOptions): Promise<{ app: App; context: ServerContext }> {
  const clock = options.clock ?? (() => new Date());
  const context: ServerContext = {
    portfolio: {
      store: options.store,
      advisories: options.advisories.reader,
      ...(options.advisories.writer ? { advisoryWriter: options.advisories.writer } : {}),
      clock,
      retention: options.retention ?? DEFAULT_RETENTION,
      ...(options.policy ? { policy: options.policy } : {}),
    },
    uploadLimitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
    advisoriesLocation: options.advisories.location,
  };
  const metrics = createServerMetrics(context);
  const keys = keyAuthenticator(options.store.apiKeys, clock);
  const secrets = options.sessions?.secrets ?? memorySessionSecrets();
  const authenticator: Authenticator = {
    authenticate: (secret, request) => keys.authenticate(secret, request),
    authenticateSession: sessionAuthenticator(options.store.apiKeys, secrets, clock),
  };
  const throttle = new FailedAuthThrottle();
  const web = options.webRoot === false ? undefined : await loadWebApp(options.webRoot ?? DEFAULT_WEB_ROOT);
  const app = await buildApp({
    logger: options.logger ?? false,
    authenticator,
    throttle,
    instruments: [instrumentRequests(metrics)],
    routes: [
      healthRoutes(context),
      metricsRoutes(metrics),
      projectRoutes(context),
      uploadRoutes(context, metrics),
      rankingRoutes(context),
      componentRoutes(context),
      riskUploadRoutes(context),
      violationRoutes(context),
      snapshotRoutes(context),
      findingRoutes(context),
      triageRoutes(context),
      vulnerabilityRoutes(context),
      advisoryRoutes(context, metrics),
      osvApiRoutes({ advisories: options.advisories.reader, public: options.publicOsvApi ?? false }),
      accessAdminRoutes(context),
      sessionRoutes(context, {
        secrets,
        ttlMs: options.sessions?.ttlMs ?? DEFAULT_SESSION_TTL_MS,
        behindProxy: options.behindProxy ?? false,
        throttle,
        authenticator,
      }),
      ...(options.webRoot === false ? [] : [webRoutes(web)]),
    ],
  });
  return { app, context };
}
