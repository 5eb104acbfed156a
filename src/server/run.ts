import { join } from "node:path";
import type { FastifyServerOptions } from "fastify";
import { type OpenedAdvisoryDatabase, openAdvisoryDatabase } from "../advisories/database.js";
import { openUrlVia } from "../advisories/download.js";
import type { WriteResult } from "../advisories/ports.js";
import { updateAdvisories } from "../advisories/update.js";
import { scheduleClock } from "../clock/recorder.js";
import { DEFAULT_SLA } from "../clock/sla.js";
import { DEFAULT_INCIDENT_RULES, type IncidentRules } from "../incidents/rules.js";
import { createHttpClient } from "../net/http-client.js";
import type { OutboundPolicy } from "../net/policy.js";
import type { SmtpSettings } from "../notify/smtp.js";
import type { Policy } from "../policy/index.js";
import type { PortfolioContext } from "../portfolio/context.js";
import { reconcileTouched } from "../portfolio/monitor.js";
import { type ExploitDataStore, openSqliteExploitStore } from "../prioritise/index.js";
import { openPortfolioStore, type PortfolioStore, portfolioLocation } from "../store/portfolio/index.js";
import type { SlaDays } from "../store/portfolio/ports.js";
import type { App } from "./app.js";
import type { NotificationSettings } from "./notifications.js";
import { buildServer } from "./server.js";

/** How `bulwark serve` runs. */
export interface RunOptions {
  host: string;
  port: number;
  /** Folder of the embedded databases (the advisory database always; the portfolio unless `database`). */
  dataDir: string;
  /** A postgres:// URL for the portfolio. */
  database?: string;
  publicOsvApi?: boolean;
  uploadLimitBytes?: number;
  retention?: number;
  /** Refresh advisories from osv.dev (or `advisorySource`) this often, in ms, and re-match the portfolio. */
  updateEveryMs?: number;
  advisorySource?: string;
  /** Trust X-Forwarded-Proto from a TLS-terminating proxy (dashboard cookies are then `Secure`). */
  behindProxy?: boolean;
  /** The outbound-request policy (private destinations allowed or not): advisory sources and notifications. */
  outbound?: OutboundPolicy;
  /** The SMTP relay of e-mail notifications. */
  smtp?: SmtpSettings;
  /** Notifier tuning (tests and benchmarks): polling, retry backoff, lease. */
  notifier?: Omit<NotificationSettings, "policy" | "smtp">;
  logger?: FastifyServerOptions["logger"];
  /** The SLA policy (bulwark.toml [server.sla]; default DEFAULT_SLA). */
  sla?: SlaDays;
  /** The server's time (default the system clock; `serve --now` shifts it, for tests only). */
  clock?: () => Date;
  /** How often the clock's background work runs (history from new events; the daily point and SLA check). */
  clockEveryMs?: number;
  /** Auto-open rules of incidents (`bulwark.toml [server.incidents]`). */
  incidentRules?: IncidentRules;
  /** How often the incident automation reads the outbox, in ms (default 1 s). */
  incidentsEveryMs?: number;
  /** The policy evaluated on every project an upload or advisory import changes. */
  policy?: Policy;
}

/** Default of `clockEveryMs`: history points trail changes by at most a minute. */
export const DEFAULT_CLOCK_EVERY_MS = 60_000;

/** A running server: where it listens, and how to stop it gracefully. */
export interface RunningServer {
  url: string;
  app: App;
  store: PortfolioStore;
  advisories: OpenedAdvisoryDatabase;
  /** The use-cases' context (store, advisories, clock, SLA policy), for in-process callers such as --demo. */
  portfolio: PortfolioContext;
  /** KEV and EPSS data, in the advisory database file. */
  exploitData: ExploitDataStore;
  /** Stops taking requests, lets in-flight ones finish, stops background work, closes the databases. */
  close(): Promise<void>;
}

/**
 * The server process's composition root: opens the advisory database (writable: imports land there) and the
 * portfolio store (migrating it), builds the application, listens, and schedules advisory updates. Nothing
 * here is global to the process: a test can run two servers in one process.
 */
export async function runServer(options: RunOptions): Promise<RunningServer> {
  const advisories = await openAdvisoryDatabase({
    path: join(options.dataDir, "advisories.db"),
    mode: "write",
  });
  let store: PortfolioStore;
  let exploitData: ExploitDataStore;
  try {
    exploitData = await openSqliteExploitStore(join(options.dataDir, "advisories.db"), "write");
  } catch (error) {
    await advisories.close();
    throw error;
  }
  try {
    store = await openPortfolioStore(
      portfolioLocation({ database: options.database, dataDir: options.dataDir }),
    );
  } catch (error) {
    await exploitData.close();
    await advisories.close();
    throw error;
  }
  const sla = options.sla ?? { ...DEFAULT_SLA };
  const clock = options.clock ?? (() => new Date());
  try {
    // the policy may have changed since the last start: every finding's due date follows the current one
    await store.clock.applySla(sla);
  } catch (error) {
    await store.close();
    await exploitData.close();
    await advisories.close();
    throw error;
  }
  const { app, context, notifications } = await buildServer({
    store,
    sla,
    clock,
    advisories: { reader: advisories.reader, writer: advisories.writer, location: advisories.location },
    exploitData,
    incidents: {
      rules: options.incidentRules ?? DEFAULT_INCIDENT_RULES,
      ...(options.incidentsEveryMs ? { everyMs: options.incidentsEveryMs } : {}),
    },
    logger: options.logger ?? false,
    publicOsvApi: options.publicOsvApi,
    uploadLimitBytes: options.uploadLimitBytes,
    retention: options.retention,
    behindProxy: options.behindProxy,
    notifications: {
      ...options.notifier,
      policy: options.outbound ?? {},
      ...(options.smtp ? { smtp: options.smtp } : {}),
    },
    ...(options.policy ? { policy: options.policy } : {}),
  });
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`;
  app.log.info({ url, store: store.location, advisories: advisories.location }, "listening");
  // Delivers what the outbox holds, including what was queued before a restart.
  notifications.notifier.start();

  const http = createHttpClient({ policy: options.outbound ?? {} });
  let updating: Promise<void> | undefined;
  const update = async () => {
    const writes: WriteResult[] = [];
    const report = await updateAdvisories(advisories.writer!, {
      ...(options.advisorySource ? { baseUrl: options.advisorySource } : {}),
      openUrl: openUrlVia(http),
      onWrite: (w) => writes.push(w),
    });
    const changes = await reconcileTouched(
      context.portfolio,
      writes.flatMap((w) => w.touched),
      {
        source: options.advisorySource ?? "osv.dev",
        changed: [...new Set(writes.flatMap((w) => w.changed))],
      },
    );
    app.log.info({ ecosystems: report.ecosystems, newFindings: changes.newFindings }, "advisories updated");
  };
  const timer = options.updateEveryMs
    ? setInterval(() => {
        // one update at a time; a slow one is not overlapped by the next tick
        updating ??= update()
          .catch((error) => app.log.error({ err: error }, "advisory update failed"))
          .finally(() => {
            updating = undefined;
          });
      }, options.updateEveryMs)
    : undefined;
  timer?.unref();
  const clockWork = scheduleClock(store, clock, {
    everyMs: options.clockEveryMs ?? DEFAULT_CLOCK_EVERY_MS,
    onError: (error) => app.log.error({ err: error }, "clock work failed"),
  });
  void clockWork.tick(); // today's point and the SLA check at start, not a minute later

  return {
    url,
    app,
    store,
    advisories,
    portfolio: context.portfolio,
    exploitData,
    async close() {
      if (timer) clearInterval(timer);
      await clockWork.stop();
      // Fastify 5.12 closes the connections idle when closing starts, then waits out its keep-alive timeout
      // (72 s) for one whose request was still in flight (fastify#7044): sweep those as they fall idle
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
      }
      await updating;
      // After the requests (which may wake it): waits for the attempts in flight, each bounded by its timeout.
      await notifications.notifier.stop();
      await store.close();
      await exploitData.close();
      await advisories.close();
    },
  };
}
