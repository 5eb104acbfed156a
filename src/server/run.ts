import { join } from "node:path";
import type { FastifyServerOptions } from "fastify";
import { type OpenedAdvisoryDatabase, openAdvisoryDatabase } from "../advisories/database.js";
import { openUrlVia } from "../advisories/download.js";
import type { WriteResult } from "../advisories/ports.js";
import { updateAdvisories } from "../advisories/update.js";
import { createHttpClient } from "../net/http-client.js";
import type { OutboundPolicy } from "../net/policy.js";
import type { Policy } from "../policy/index.js";
import { reconcileTouched } from "../portfolio/monitor.js";
import { openPortfolioStore, type PortfolioStore, portfolioLocation } from "../store/portfolio/index.js";
import type { App } from "./app.js";
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
  /** The outbound-request policy (private destinations allowed or not). */
  outbound?: OutboundPolicy;
  logger?: FastifyServerOptions["logger"];
  /** The policy evaluated on every project an upload or advisory import changes. */
  policy?: Policy;
}

/** A running server: where it listens, and how to stop it gracefully. */
export interface RunningServer {
  url: string;
  app: App;
  store: PortfolioStore;
  advisories: OpenedAdvisoryDatabase;
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
  try {
    store = await openPortfolioStore(
      portfolioLocation({ database: options.database, dataDir: options.dataDir }),
    );
  } catch (error) {
    await advisories.close();
    throw error;
  }
  const { app, context } = await buildServer({
    store,
    advisories: { reader: advisories.reader, writer: advisories.writer, location: advisories.location },
    logger: options.logger ?? false,
    publicOsvApi: options.publicOsvApi,
    uploadLimitBytes: options.uploadLimitBytes,
    retention: options.retention,
    behindProxy: options.behindProxy,
    ...(options.policy ? { policy: options.policy } : {}),
  });
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`;
  app.log.info({ url, store: store.location, advisories: advisories.location }, "listening");

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

  return {
    url,
    app,
    store,
    advisories,
    async close() {
      if (timer) clearInterval(timer);
      await app.close();
      await updating;
      await store.close();
      await advisories.close();
    },
  };
}
