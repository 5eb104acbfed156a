import type { FastifyServerOptions } from "fastify";
import type { AdvisoryReader, AdvisoryWriter } from "../advisories/ports.js";
import { DEFAULT_SLA } from "../clock/sla.js";
import { runIncidentAutomation } from "../incidents/automation.js";
import type { IncidentRules } from "../incidents/rules.js";
import type { Policy } from "../policy/index.js";
import { DEFAULT_RETENTION } from "../portfolio/context.js";
import { exploitEnricher } from "../portfolio/exploit-enricher.js";
import type { ExploitDataStore } from "../prioritise/exploit-data.js";
import type { PortfolioStore, SlaDays } from "../store/portfolio/ports.js";
import { registerAnswerCache } from "./answer-cache.js";
import { type App, buildApp } from "./app.js";
import { type Authenticator, FailedAuthThrottle } from "./auth.js";
import { requestMarks } from "./change-marks.js";
import { DEFAULT_UPLOAD_LIMIT_BYTES, type ServerContext } from "./context.js";
import { keyAuthenticator } from "./key-authenticator.js";
import {
  createServerNotifications,
  logNotice,
  type NotificationSettings,
  type ServerNotifications,
  wakingStore,
} from "./notifications.js";
import { accessAdminRoutes } from "./routes/access-admin.js";
import { advisoryRoutes } from "./routes/advisories.js";
import { clockRoutes } from "./routes/clock.js";
import { componentRoutes } from "./routes/components.js";
import { exploitDataRoutes } from "./routes/exploit-data.js";
import { findingRoutes } from "./routes/findings.js";
import { healthRoutes } from "./routes/health.js";
import { incidentRoutes } from "./routes/incidents.js";
import { createServerMetrics, instrumentRequests, metricsRoutes } from "./routes/metrics.js";
import { notificationRuleRoutes } from "./routes/notification-rules.js";
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
  type SessionSecrets,
  sessionAuthenticator,
  storedSessionSecrets,
} from "./session.js";

/** What a server is built from; the caller (the `serve` command, a test) opens the store and the advisories. */
export interface ServerOptions {
  store: PortfolioStore;
  advisories: { reader: AdvisoryReader; writer?: AdvisoryWriter; location: string };
  /** KEV and EPSS data: findings are KEV-flagged and prioritised from it, and admins import it. */
  exploitData?: ExploitDataStore;
  /** The server's time (tests control it; default the system clock). */
  clock?: () => Date;
  /** The SLA policy (bulwark.toml [server.sla]; default DEFAULT_SLA). */
  sla?: SlaDays;
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
  /**
   * Run the incident automation (src/incidents/automation.ts) every `everyMs` (default 1 s) while the app is
   * open, with these auto-open rules. Absent: incidents change only through the API.
   */
  incidents?: { rules: IncidentRules; everyMs?: number };
  /** Notifications: outbound policy, SMTP relay, polling (the notifier is built here, started by the caller). */
  notifications?: NotificationSettings;
  /** The policy evaluated on every project an upload or advisory import changes (`--policy FILE`). */
  policy?: Policy;
}

/**
 * Builds the whole HTTP application on an opened store and advisory database: every route of the API, the
 * OSV-compatible query service, health and metrics. Holds no state another instance would need: everything
 * lives in the store.
 */
export async function buildServer(
  options: ServerOptions,
): Promise<{ app: App; context: ServerContext; notifications: ServerNotifications }> {
  const clock = options.clock ?? (() => new Date());
  let app: App | undefined;
  const notifications = createServerNotifications(options.store, options.notifications ?? {}, (notice) => {
    if (app) logNotice(app.log, notice);
  });
  const context: ServerContext = {
    portfolio: {
      // Events appended through the use-cases wake the notifier at once.
      store: wakingStore(options.store, () => notifications.notifier.wake()),
      advisories: options.advisories.reader,
      ...(options.advisories.writer ? { advisoryWriter: options.advisories.writer } : {}),
      clock,
      retention: options.retention ?? DEFAULT_RETENTION,
      sla: options.sla ?? { ...DEFAULT_SLA },
      ...(options.exploitData ? { enricher: exploitEnricher(options.exploitData) } : {}),
      ...(options.policy ? { policy: options.policy } : {}),
    },
    ...(options.exploitData ? { exploitData: options.exploitData } : {}),
    uploadLimitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
    advisoriesLocation: options.advisories.location,
  };
  const metrics = createServerMetrics(context);
  const automation = options.incidents ? incidentAutomation(context, options.incidents) : undefined;
  const changeMark = requestMarks(() => options.store.changeMark());
  const keys = keyAuthenticator(options.store.apiKeys, clock, changeMark);
  const secrets = options.sessions?.secrets ?? storedSessionSecrets(options.store.settings);
  const authenticator: Authenticator = {
    authenticate: (secret, request) => keys.authenticate(secret, request),
    authenticateSession: sessionAuthenticator(options.store.apiKeys, secrets, clock),
  };
  const throttle = new FailedAuthThrottle();
  const web = options.webRoot === false ? undefined : await loadWebApp(options.webRoot ?? DEFAULT_WEB_ROOT);
  app = await buildApp({
    logger: options.logger ?? false,
    authenticator,
    throttle,
    instruments: [
      instrumentRequests(metrics),
      (root) => registerAnswerCache(root, changeMark),
      ...(automation ? [automation.instrument] : []),
    ],
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
      clockRoutes(context),
      triageRoutes(context),
      vulnerabilityRoutes(context),
      incidentRoutes(context),
      advisoryRoutes(context, metrics),
      exploitDataRoutes(context),
      osvApiRoutes({ advisories: options.advisories.reader, public: options.publicOsvApi ?? false }),
      accessAdminRoutes(context),
      notificationRuleRoutes(context, notifications),
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
  automation?.start(app);
  return { app, context, notifications };
}

/**
 * The incident automation in the background: one run at a time, from the consumer's saved outbox position (so
 * a restart, or another instance, continues where it stopped); stopped and awaited when the app closes.
 */
function incidentAutomation(context: ServerContext, options: { rules: IncidentRules; everyMs?: number }) {
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  return {
    start(app: App) {
      const tick = () => {
        running ??= runIncidentAutomation(context.portfolio, options.rules)
          .then(() => undefined)
          .catch((error) => app.log.error({ err: error }, "incident automation failed"))
          .finally(() => {
            running = undefined;
          });
      };
      timer = setInterval(tick, options.everyMs ?? 1000);
      timer.unref();
      tick();
    },
    /** Registers the stop on the app's close (an instrument: hooks must be added before the app is ready). */
    instrument(app: App) {
      app.addHook("onClose", async () => {
        clearInterval(timer);
        await running;
      });
    },
  };
}
