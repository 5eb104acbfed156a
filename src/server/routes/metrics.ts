import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { Type } from "typebox";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";

/** The server's Prometheus instruments, owned by one app (no process-global registry). */
export interface ServerMetrics {
  registry: Registry;
  /** Upload processing (parse, match, store), seconds. */
  uploadSeconds: Histogram<string>;
  /** Advisory imports into the portfolio, seconds. */
  importSeconds: Histogram<string>;
}

/** Creates the instruments; the open-findings gauge reads the store's per-project counts at scrape time. */
export function createServerMetrics(ctx: ServerContext): ServerMetrics {
  const registry = new Registry();
  const uploadSeconds = new Histogram({
    name: "bulwark_upload_duration_seconds",
    help: "Time to process an upload: parse, match and store",
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const importSeconds = new Histogram({
    name: "bulwark_advisory_import_duration_seconds",
    help: "Time to import advisories and re-match the portfolio",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: "bulwark_open_findings",
    help: "Open findings across the portfolio, by severity",
    labelNames: ["severity"],
    registers: [registry],
    async collect() {
      const totals = await ctx.portfolio.store.projects.totals();
      for (const severity of ["critical", "high", "medium", "low", "unknown", "kev"] as const)
        this.set({ severity }, totals[severity]);
    },
  });
  new Gauge({
    name: "bulwark_projects",
    help: "Projects in the portfolio",
    registers: [registry],
    async collect() {
      this.set((await ctx.portfolio.store.projects.totals()).projects);
    },
  });
  return { registry, uploadSeconds, importSeconds };
}

/** Counts requests and measures their latency by route: added on the root app so every route is measured. */
export function instrumentRequests(metrics: ServerMetrics) {
  return (app: App) => {
    const requests = new Counter({
      name: "bulwark_http_requests_total",
      help: "HTTP requests by route, method and status",
      labelNames: ["route", "method", "status"],
      registers: [metrics.registry],
    });
    const latency = new Histogram({
      name: "bulwark_http_request_duration_seconds",
      help: "HTTP request latency by route and method",
      labelNames: ["route", "method"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [metrics.registry],
    });
    app.addHook("onResponse", async (request, reply) => {
      const route = request.routeOptions.url ?? "unknown";
      requests.inc({ route, method: request.method, status: String(reply.statusCode) });
      latency.observe({ route, method: request.method }, reply.elapsedTime / 1000);
    });
  };
}

/** `/metrics` in Prometheus text format. */
export function metricsRoutes(metrics: ServerMetrics) {
  return (app: App) => {
    app.get(
      "/metrics",
      {
        config: { access: "read" },
        schema: { summary: "Prometheus metrics (text exposition format)", response: { 200: Type.String() } },
      },
      async (_request, reply) =>
        reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
    );
  };
}
