import { Readable } from "node:stream";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type ClockRow, CSV_COLUMNS, clockRow, csvLine, csvRow } from "../../clock/export.js";
import { ClockFigures } from "../../clock/metrics-cache.js";
import { DEFAULT_SLA } from "../../clock/sla.js";
import {
  CLOCK_SEVERITIES,
  type ClockFilter,
  FINDING_STATES,
  type FindingState,
} from "../../store/portfolio/ports.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { scopeFilter, visibleProject } from "../project-access.js";
import { ErrorResponses, Instant, OpenCountsSchema } from "../schemas.js";

const Stats = Type.Object({
  median: Type.Union([Type.Number(), Type.Null()], { description: "days" }),
  p90: Type.Union([Type.Number(), Type.Null()], { description: "days" }),
  count: Type.Integer(),
});
const BySeverity = <T extends Parameters<typeof Type.Object>[0][string]>(item: T) =>
  Type.Object(
    Object.fromEntries(CLOCK_SEVERITIES.map((s) => [s, item])) as Record<
      (typeof CLOCK_SEVERITIES)[number],
      T
    >,
  );
const SlaSchema = Type.Object(
  {
    kev: Type.Integer(),
    critical: Type.Integer(),
    high: Type.Integer(),
    medium: Type.Integer(),
    low: Type.Integer(),
    unknown: Type.Integer(),
  },
  { description: "days after detection within which a finding must be fixed" },
);

const MetricsSchema = Type.Object({
  at: Instant,
  projects: Type.Integer(),
  open: OpenCountsSchema,
  mttd: BySeverity(Stats),
  mttr: BySeverity(Stats),
  age: BySeverity(Stats),
  slaBreaches: OpenCountsSchema,
  topAdvisories: Type.Array(
    Type.Object({
      id: Type.String(),
      summary: Type.Optional(Type.String()),
      severity: Type.String(),
      projects: Type.Integer(),
    }),
    { description: "the vulnerabilities detected in the most projects over the last 7 days (at most 5)" },
  ),
  sla: SlaSchema,
});

const PointSchema = Type.Object({
  at: Type.String({ description: "the UTC day, YYYY-MM-DD" }),
  projects: Type.Integer(),
  ...OpenCountsSchema.properties,
  breached: Type.Integer(),
});

const FilterQuery = {
  project: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
};

/** The request's filter, with the key's scope; a named project the key cannot see is a 404. */
async function clockFilter(
  ctx: ServerContext,
  request: FastifyRequest,
  query: { project?: string; tag?: string },
): Promise<ClockFilter> {
  if (query.project !== undefined) await visibleProject(ctx.portfolio.store, request, query.project);
  const patterns = scopeFilter(request);
  return {
    ...(query.project !== undefined ? { project: query.project } : {}),
    ...(query.tag !== undefined ? { tag: query.tag } : {}),
    ...(patterns ? { projectPatterns: patterns } : {}),
  };
}

const DAY_MS = 86_400_000;

/**
 * The patch-response clock: the SLA policy, the figures now, their daily history and the export of every
 * finding with its clock. A scoped key's figures cover only its projects.
 */
export function clockRoutes(ctx: ServerContext) {
  const { store } = ctx.portfolio;
  const policy = () => ctx.portfolio.sla ?? DEFAULT_SLA;
  const figures = new ClockFigures(store);
  return (app: App) => {
    app.get(
      "/api/v1/settings/sla",
      {
        config: { access: "read" },
        schema: {
          summary: "The SLA policy: days to fix by KEV listing and severity, counted from detection",
          response: { 200: SlaSchema, ...ErrorResponses },
        },
      },
      async () => policy(),
    );

    app.get(
      "/api/v1/metrics",
      {
        config: { access: "read" },
        schema: {
          summary:
            "Open findings, SLA breaches, time to detect, to remediate and age (median, p90) by severity",
          querystring: Type.Object(FilterQuery),
          response: { 200: MetricsSchema, ...ErrorResponses },
        },
      },
      async (request) => {
        const filter = await clockFilter(ctx, request, request.query);
        const now = ctx.portfolio.clock();
        const { projects, open, mttd, mttr, age, slaBreaches, topAdvisories } = await figures.metrics(
          filter,
          now,
        );
        return {
          at: now.toISOString(),
          projects,
          open,
          mttd,
          mttr,
          age,
          slaBreaches,
          topAdvisories,
          sla: policy(),
        };
      },
    );

    app.get(
      "/api/v1/metrics/history",
      {
        config: { access: "read" },
        schema: {
          summary: "The daily series of open findings, KEV and SLA breaches (default: the last 90 days)",
          querystring: Type.Object({
            ...FilterQuery,
            from: Type.Optional(Instant),
            to: Type.Optional(Instant),
            interval: Type.Optional(Type.Enum(["day"], { default: "day" })),
          }),
          response: { 200: Type.Object({ items: Type.Array(PointSchema) }), ...ErrorResponses },
        },
      },
      async (request) => {
        const filter = await clockFilter(ctx, request, request.query);
        const now = ctx.portfolio.clock();
        const to = request.query.to ?? now.toISOString();
        const from = request.query.from ?? new Date(Date.parse(to) - 89 * DAY_MS).toISOString();
        const points = await store.clock.history(filter, from, to);
        return { items: points.map(({ day, ...figures }) => ({ at: day, ...figures })) };
      },
    );

    app.get(
      "/api/v1/findings/export",
      {
        config: { access: "read" },
        schema: {
          summary: "Every finding with its clock, as CSV or JSON (streamed)",
          querystring: Type.Object({
            ...FilterQuery,
            format: Type.Optional(Type.Enum(["csv", "json"], { default: "csv" })),
            state: Type.Optional(Type.Enum([...FINDING_STATES, "all"], { default: "all" })),
          }),
          response: {
            200: Type.String({ description: "text/csv, or application/json: an array of findings" }),
            ...ErrorResponses,
          },
        },
      },
      async (request, reply) => {
        const filter = await clockFilter(ctx, request, request.query);
        const format = request.query.format ?? "csv";
        const state = request.query.state ?? "all";
        const states: FindingState[] | undefined = state === "all" ? undefined : [state];
        const now = ctx.portfolio.clock();
        const rows = exportRows(ctx, filter, states, now);
        const body =
          format === "csv"
            ? (async function* () {
                yield csvLine(CSV_COLUMNS);
                for await (const row of rows) yield csvRow(row);
              })()
            : (async function* () {
                let first = true;
                yield "[";
                for await (const row of rows) {
                  yield `${first ? "\n" : ",\n"}${JSON.stringify(row)}`;
                  first = false;
                }
                yield "\n]\n";
              })();
        const stamp = now.toISOString().slice(0, 10);
        return reply
          .type(format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8")
          .header("content-disposition", `attachment; filename="bulwark-findings-${stamp}.${format}"`)
          .send(Readable.from(body) as unknown as string); // a stream: Fastify skips serialization
      },
    );
  };
}

/** Every finding of the filter with its clock, read a page of 1,000 at a time (never the whole table). */
async function* exportRows(
  ctx: ServerContext,
  filter: ClockFilter,
  states: FindingState[] | undefined,
  now: Date,
): AsyncGenerator<ClockRow> {
  const { store } = ctx.portfolio;
  const created = new Map<string, string | undefined>();
  let cursor: string | undefined;
  do {
    const page = await store.findings.list({
      limit: 1000,
      ...(cursor ? { cursor } : {}),
      ...(states ? { states } : {}),
      ...(filter.project !== undefined ? { project: filter.project } : {}),
      ...(filter.tag !== undefined ? { tag: filter.tag } : {}),
      ...(filter.projectPatterns ? { projectPatterns: filter.projectPatterns } : {}),
    });
    for (const f of page.items) {
      if (!created.has(f.projectName)) {
        if (created.size > 10_000) created.clear(); // bounded
        created.set(f.projectName, (await store.projects.get(f.projectName))?.createdAt);
      }
      yield clockRow(f, created.get(f.projectName), now);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
