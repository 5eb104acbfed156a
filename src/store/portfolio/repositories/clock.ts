import { type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import { idChunks } from "../bulk.js";
import type { StoreContext } from "../context.js";
import { invalidInput } from "../errors.js";
import {
  type BreachedFinding,
  CLOCK_SEVERITIES,
  type ClockFilter,
  type ClockMetrics,
  type ClockRepository,
  type ClockSeverity,
  type DurationStats,
  type Instant,
  type MetricPoint,
  type SlaDays,
  type TopAdvisory,
} from "../ports.js";
import type { MetricPointsTable, PortfolioDb } from "../schema.js";
import { toMs } from "../time.js";
import { allOf, patternsFilter } from "./filters.js";
import { toFinding } from "./findings.js";

const DAY_MS = 86_400_000;
/** Longest series one request may ask for (ten years of days). */
export const MAX_HISTORY_DAYS = 3660;

/** Adds figures into a scope's sum. */
function addInto(sums: Map<string, Figures>, scope: string, f: Figures): void {
  const sum = sums.get(scope);
  if (!sum) sums.set(scope, [...f]);
  else
    f.forEach((v, j) => {
      sum[j] = (sum[j] as number) + v;
    });
}

/** Days since 1970-01-01 (UTC) of an instant in epoch ms. */
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

// The figures of a history point, in table order.
const POINT_COLUMNS = [
  "projects",
  "open_critical",
  "open_high",
  "open_medium",
  "open_low",
  "open_unknown",
  "open_total",
  "open_kev",
  "breached",
] as const satisfies readonly (keyof MetricPointsTable)[];
type Figures = number[];

/** The conditions of a clock filter on a query whose projects are aliased `p`. */
const WEEK_MS = 7 * 86_400_000;
/** severity_rank (4 critical ... 0 unknown) back to its name. */
const SEVERITY_BY_RANK: readonly ClockSeverity[] = ["unknown", "low", "medium", "high", "critical"];

function filterConditions(ctx: StoreContext, filter: ClockFilter): RawBuilder<SqlBool>[] {
  const conditions: RawBuilder<SqlBool>[] = [];
  if (filter.project !== undefined) conditions.push(sql<SqlBool>`p.name = ${filter.project}`);
  if (filter.tag !== undefined)
    conditions.push(
      // a set built once (SQLite evaluates a correlated EXISTS per finding row)
      sql<SqlBool>`p.id in (select t.project_id from project_tags as t where t.tag = ${filter.tag})`,
    );
  const scoped = patternsFilter(ctx.dialect, "p.name", filter.projectPatterns);
  if (scoped) conditions.push(scoped);
  return conditions;
}

/** The SLA deadline in ms of a finding row, as SQL: KEV first, then severity. */
function dueExpression(policy: SlaDays): RawBuilder<number> {
  const ms = (days: number) => {
    if (!Number.isInteger(days) || days < 1 || days > 3650)
      throw invalidInput("an SLA is a whole number of days from 1 to 3,650", { days });
    return sql.lit(days * DAY_MS);
  };
  return sql<number>`detected_at + case when kev = 1 then ${ms(policy.kev)}
    when severity = 'critical' then ${ms(policy.critical)} when severity = 'high' then ${ms(policy.high)}
    when severity = 'medium' then ${ms(policy.medium)} when severity = 'low' then ${ms(policy.low)}
    else ${ms(policy.unknown)} end`;
}

const emptyStats = (): Record<ClockSeverity, DurationStats> =>
  Object.fromEntries(CLOCK_SEVERITIES.map((s) => [s, { median: null, p90: null, count: 0 }])) as Record<
    ClockSeverity,
    DurationStats
  >;

const days = (ms: number) => Math.round((ms / DAY_MS) * 100) / 100;

/** The rank of the p-th percentile of n values, nearest-rank method: ⌈p·n/100⌉ (1-based). */
const nearestRank = (n: number, p: number) => Math.floor((n * p + 99) / 100);

/**
 * A duration of the clock over findings aliased `f`: its value, which findings count, and the order of its
 * partial index (migration 8), which the index's own expression and WHERE must match for it to serve.
 */
interface Duration {
  value: RawBuilder<unknown>;
  counts: RawBuilder<SqlBool>;
  order: RawBuilder<unknown>;
}

/** Detection after publication, for advisories published after the project's first upload (findings.ttd_ms). */
const TIME_TO_DETECT: Duration = {
  value: sql`f.ttd_ms`,
  counts: sql<SqlBool>`f.ttd_ms is not null and f.state in ('open', 'fixed', 'suppressed')`,
  order: sql`f.ttd_ms`,
};

const TIME_TO_REMEDIATE: Duration = {
  value: sql`f.fixed_at - f.detected_at`,
  counts: sql<SqlBool>`f.state = 'fixed' and f.fixed_at is not null`,
  order: sql`f.fixed_at - f.detected_at`,
};

/** How long open findings have been open, at `nowMs`: the oldest detection is the longest age. */
const openAge = (nowMs: number): Duration => ({
  value: sql`${nowMs} - f.detected_at`,
  counts: sql<SqlBool>`f.state = 'open'`,
  order: sql`f.detected_at desc`,
});

/** SLA due dates, the clock's figures, its daily history and the record of announced breaches. */
export class SqlClockRepository implements ClockRepository {
  constructor(private readonly ctx: StoreContext) {}

  async applySla(policy: SlaDays, findingIds?: readonly number[]): Promise<number> {
    const due = dueExpression(policy);
    const run = async (db: Kysely<PortfolioDb>, ids?: number[]) => {
      const scope = ids ? sql`id in (${sql.join(ids)}) and` : sql``;
      const result = await sql`update findings set sla_due_at = ${due}
        where ${scope} (sla_due_at is null or sla_due_at <> ${due})`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    };
    return this.ctx.atomic(async (db) => {
      if (!findingIds) return run(db);
      let changed = 0;
      for (const chunk of idChunks([...new Set(findingIds)])) changed += await run(db, chunk);
      return changed;
    });
  }

  async metrics(filter: ClockFilter, now: Instant): Promise<ClockMetrics> {
    const nowMs = toMs(now, "the time of the figures");
    const conditions = filterConditions(this.ctx, filter);
    const where = allOf(conditions);
    // unrestricted figures read the findings index alone; a filter joins the (small) projects table
    const from =
      conditions.length > 0
        ? sql`findings as f inner join projects as p on p.id = f.project_id`
        : sql`findings as f`;
    // the filter's projects, then their findings: SQLite would otherwise walk a duration's whole index
    const projectsFirst =
      this.ctx.dialect.kind === "sqlite"
        ? sql`projects as p cross join findings as f indexed by findings_by_project_state on f.project_id = p.id`
        : from;
    const db = this.ctx.db;
    const totals = await sql<Record<string, number | string>>`select count(*) as projects,
        coalesce(sum(p.open_critical), 0) as critical, coalesce(sum(p.open_high), 0) as high,
        coalesce(sum(p.open_medium), 0) as medium, coalesce(sum(p.open_low), 0) as low,
        coalesce(sum(p.open_unknown), 0) as unknown, coalesce(sum(p.open_total), 0) as total,
        coalesce(sum(p.open_kev), 0) as kev
      from projects as p where ${where}`.execute(db);
    const t = totals.rows[0] ?? {};
    const n = (key: string) => Number(t[key] ?? 0);
    const breaches = await sql<{ severity: string; kev: number; n: number | string }>`
      select f.severity as severity, f.kev as kev, count(*) as n
      from ${projectsFirst}
      where f.state = 'open' and f.sla_due_at < ${nowMs} and ${where}
      group by f.severity, f.kev`.execute(db);
    const slaBreaches = {
      ...(Object.fromEntries(CLOCK_SEVERITIES.map((s) => [s, 0])) as Record<ClockSeverity, number>),
      total: 0,
      kev: 0,
    };
    for (const row of breaches.rows) {
      const count = Number(row.n);
      const severity = (CLOCK_SEVERITIES as readonly string[]).includes(row.severity)
        ? (row.severity as ClockSeverity)
        : "unknown";
      slaBreaches[severity] += count;
      slaBreaches.total += count;
      if (Number(row.kev) === 1) slaBreaches.kev += count;
    }
    return {
      projects: n("projects"),
      open: {
        critical: n("critical"),
        high: n("high"),
        medium: n("medium"),
        low: n("low"),
        unknown: n("unknown"),
        total: n("total"),
        kev: n("kev"),
      },
      // unrestricted, each percentile is a position in a duration's index; restricted, the rows are ranked
      ...(conditions.length === 0
        ? {
            mttd: await this.indexedPercentiles(TIME_TO_DETECT, "findings_ttd"),
            mttr: await this.indexedPercentiles(TIME_TO_REMEDIATE, "findings_ttr"),
            age: await this.indexedPercentiles(openAge(nowMs), "findings_age"),
          }
        : {
            mttd: await this.percentiles(projectsFirst, TIME_TO_DETECT, where),
            mttr: await this.percentiles(projectsFirst, TIME_TO_REMEDIATE, where),
            age: await this.percentiles(projectsFirst, openAge(nowMs), where),
          }),
      slaBreaches,
      topAdvisories: await this.topAdvisories(from, where, nowMs - WEEK_MS),
    };
  }

  /** The vulnerabilities detected in the most projects since `sinceMs` (findings_detected index range). */
  private async topAdvisories(
    from: RawBuilder<unknown>,
    where: RawBuilder<SqlBool>,
    sinceMs: number,
  ): Promise<TopAdvisory[]> {
    const top = await sql<{ id: string; projects: number | string; rank: number; finding: number }>`
      select f.vulnerability_id as id, count(distinct f.project_id) as projects,
        max(f.severity_rank) as rank, min(f.id) as finding
      from ${from}
      where f.detected_at >= ${sinceMs} and f.state <> 'withdrawn' and ${where}
      group by f.vulnerability_id
      order by projects desc, rank desc, id
      limit 5`.execute(this.ctx.db);
    if (top.rows.length === 0) return [];
    const summaries = new Map(
      (
        await this.ctx.db
          .selectFrom("findings")
          .select(["id", "data"])
          .where(
            "id",
            "in",
            top.rows.map((r) => Number(r.finding)),
          )
          .execute()
      ).map((r) => [Number(r.id), (JSON.parse(r.data) as { summary?: string }).summary]),
    );
    return top.rows.map((r) => {
      const summary = summaries.get(Number(r.finding));
      return {
        id: r.id,
        ...(summary ? { summary } : {}),
        severity: SEVERITY_BY_RANK[Number(r.rank)] ?? "unknown",
        projects: Number(r.projects),
      };
    });
  }

  /**
   * Median and p90 (nearest rank: the ⌈p·n⌉-th smallest) of a duration by severity, in the database: window
   * functions rank the values, only the two ranks of each severity come back.
   */
  private async percentiles(
    from: RawBuilder<unknown>,
    duration: Duration,
    where: RawBuilder<SqlBool>,
  ): Promise<Record<ClockSeverity, DurationStats>> {
    const { rows } = await sql<{
      severity: string;
      n: number | string;
      rn: number | string;
      v: number | string;
    }>`
      with d as (
        select f.severity as severity, ${duration.value} as v
        from ${from}
        where ${duration.counts} and ${where}
      ), r as (
        select severity, v, row_number() over (partition by severity order by v) as rn,
          count(*) over (partition by severity) as n
        from d
      )
      select severity, n, rn, v from r
      where rn = (n * 50 + 99) / 100 or rn = (n * 90 + 99) / 100`.execute(this.ctx.db);
    const stats = emptyStats();
    for (const row of rows) {
      const s = stats[row.severity as ClockSeverity] ?? stats.unknown;
      const count = Number(row.n);
      const rank = Number(row.rn);
      s.count = count;
      if (rank === nearestRank(count, 50)) s.median = days(Number(row.v));
      if (rank === nearestRank(count, 90)) s.p90 = days(Number(row.v));
    }
    return stats;
  }

  /**
   * The same figures over the whole portfolio, read from the duration's partial index (by severity, in
   * duration order): a count per severity, then the value at each of the two ranks — index positions, no sort.
   */
  private async indexedPercentiles(
    duration: Duration,
    index: string,
  ): Promise<Record<ClockSeverity, DurationStats>> {
    const db = this.ctx.db;
    const findings =
      this.ctx.dialect.kind === "sqlite"
        ? sql`findings as f indexed by ${sql.raw(index)}`
        : sql`findings as f`;
    const counts = await sql<{ severity: string; n: number | string }>`
      select f.severity as severity, count(*) as n from ${findings} where ${duration.counts}
      group by f.severity`.execute(db);
    const stats = emptyStats();
    for (const { severity, n } of counts.rows) {
      const s = stats[severity as ClockSeverity] ?? stats.unknown;
      s.count = Number(n);
      const at = async (rank: number) => {
        const { rows } = await sql<{ v: number | string }>`
          select ${duration.value} as v from ${findings} where ${duration.counts} and f.severity = ${severity}
          order by ${duration.order} limit 1 offset ${rank - 1}`.execute(db);
        return rows[0] ? days(Number(rows[0].v)) : null;
      };
      s.median = await at(nearestRank(s.count, 50));
      s.p90 = await at(nearestRank(s.count, 90));
    }
    return stats;
  }

  async recordHistory(now: Instant, projectIds?: readonly number[]): Promise<number> {
    const nowMs = toMs(now, "the time of the point");
    const today = dayOf(nowMs);
    return this.ctx.atomic(async (db) =>
      projectIds ? this.recordIncrement(db, nowMs, today, projectIds) : this.recordAll(db, nowMs, today),
    );
  }

  /**
   * Every scope from scratch: each project's figures (the projects table and one grouped read of the clock
   * index), the portfolio's and every tag's as their sums. The daily point: it also settles what increments
   * cannot see (a deleted project, a changed tag).
   */
  private async recordAll(db: Kysely<PortfolioDb>, nowMs: number, today: number): Promise<number> {
    const figures = await this.projectFigures(db, nowMs);
    const points = new Map<string, Figures>([["*", new Array<number>(POINT_COLUMNS.length).fill(0)]]);
    for (const f of figures.values()) addInto(points, "*", f);
    const tags = await db.selectFrom("project_tags").select(["project_id", "tag"]).execute();
    for (const t of tags) {
      const f = figures.get(Number(t.project_id));
      if (f) addInto(points, `tag:${t.tag}`, f);
    }
    for (const [id, f] of figures) points.set(`project:${id}`, f);
    return this.writeChanged(db, points, today);
  }

  /**
   * After uploads, imports or triage: only these projects' figures are read; the portfolio's and their tags'
   * points move by the projects' changes since their last points (cheap whatever the portfolio's size).
   */
  private async recordIncrement(
    db: Kysely<PortfolioDb>,
    nowMs: number,
    today: number,
    projectIds: readonly number[],
  ): Promise<number> {
    const points = new Map<string, Figures>();
    const deltas = new Map<string, Figures>();
    for (const chunk of idChunks([...new Set(projectIds)])) {
      const figures = await this.projectFigures(db, nowMs, chunk);
      const last = await this.lastRows(
        db,
        chunk.map((id) => `project:${id}`),
        today + 1,
      );
      const tags = await db
        .selectFrom("project_tags")
        .select(["project_id", "tag"])
        .where("project_id", "in", chunk)
        .execute();
      const tagsOf = new Map<number, string[]>();
      for (const t of tags)
        tagsOf.set(Number(t.project_id), [...(tagsOf.get(Number(t.project_id)) ?? []), t.tag]);
      for (const [id, f] of figures) {
        const before = last.get(`project:${id}`);
        const delta = f.map(
          (v, j) => v - (before ? Number(before[POINT_COLUMNS[j] as keyof MetricPointsTable]) : 0),
        );
        points.set(`project:${id}`, f);
        if (delta.every((v) => v === 0)) continue;
        for (const scope of ["*", ...(tagsOf.get(id) ?? []).map((t) => `tag:${t}`)])
          addInto(deltas, scope, delta);
      }
    }
    const sums = await this.lastRows(db, [...deltas.keys()], today + 1);
    for (const [scope, delta] of deltas) {
      const before = sums.get(scope);
      points.set(
        scope,
        delta.map((v, j) => v + (before ? Number(before[POINT_COLUMNS[j] as keyof MetricPointsTable]) : 0)),
      );
    }
    return this.writeChanged(db, points, today);
  }

  /** Each project's point: 1, its open counts, its open findings past due at `nowMs`. */
  private async projectFigures(
    db: Kysely<PortfolioDb>,
    nowMs: number,
    ids?: readonly number[],
  ): Promise<Map<number, Figures>> {
    let query = db
      .selectFrom("projects")
      .select([
        "id",
        "open_critical",
        "open_high",
        "open_medium",
        "open_low",
        "open_unknown",
        "open_total",
        "open_kev",
      ]);
    if (ids) query = query.where("id", "in", ids);
    const projects = await query.execute();
    const only = ids ? sql`and project_id in (${sql.join(ids)})` : sql``;
    // a few projects: their own index ranges (SQLite would walk every breached finding of the portfolio through
    // the SLA index: 300 ms for one project of a 200,000-finding portfolio)
    const findings =
      ids && this.ctx.dialect.kind === "sqlite"
        ? sql`findings indexed by findings_by_project_state`
        : sql`findings`;
    const breached = await sql<{ project_id: number | string; n: number | string }>`
      select project_id, count(*) as n from ${findings}
      where state = 'open' and sla_due_at < ${nowMs} ${only} group by project_id`.execute(db);
    const breachedOf = new Map(breached.rows.map((r) => [Number(r.project_id), Number(r.n)]));
    return new Map(
      projects.map((p) => [
        Number(p.id),
        [
          1,
          Number(p.open_critical),
          Number(p.open_high),
          Number(p.open_medium),
          Number(p.open_low),
          Number(p.open_unknown),
          Number(p.open_total),
          Number(p.open_kev),
          breachedOf.get(Number(p.id)) ?? 0,
        ],
      ]),
    );
  }

  /** Upserts today's row of every scope whose figures differ from its last row; returns how many. */
  private async writeChanged(db: Kysely<PortfolioDb>, points: Map<string, Figures>, today: number) {
    const changed: MetricPointsTable[] = [];
    const scopes = [...points.keys()];
    for (let i = 0; i < scopes.length; i += 1000) {
      const chunk = scopes.slice(i, i + 1000);
      const last = await this.lastRows(db, chunk, today + 1);
      for (const scope of chunk) {
        const figures = points.get(scope) as Figures;
        const before = last.get(scope);
        if (before && POINT_COLUMNS.every((c, j) => Number(before[c]) === figures[j])) continue;
        changed.push({
          scope,
          day: today,
          ...(Object.fromEntries(POINT_COLUMNS.map((c, j) => [c, figures[j]])) as Omit<
            MetricPointsTable,
            "scope" | "day"
          >),
        });
      }
    }
    for (let i = 0; i < changed.length; i += 500) {
      await db
        .insertInto("metric_points")
        .values(changed.slice(i, i + 500))
        .onConflict((oc) =>
          oc
            .columns(["scope", "day"])
            .doUpdateSet((eb) => Object.fromEntries(POINT_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))),
        )
        .execute();
    }
    return changed.length;
  }

  /** The newest row of each scope before day `before`. */
  private async lastRows(
    db: Kysely<PortfolioDb>,
    scopes: readonly string[],
    before: number,
  ): Promise<Map<string, MetricPointsTable>> {
    // one index seek per scope (newest row before the day), a hundred scopes per statement: a correlated
    // max() per row would walk each scope's whole year
    const out = new Map<string, MetricPointsTable>();
    for (let i = 0; i < scopes.length; i += 100) {
      const arms = scopes.slice(i, i + 100).map(
        (scope) => sql`select * from (select * from metric_points where scope = ${scope} and day < ${before}
          order by day desc limit 1) as ${sql.raw(`l${out.size}_${i}`)}`,
      );
      const { rows } = await sql<MetricPointsTable>`${sql.join(arms, sql` union all `)}`.execute(db);
      for (const r of rows) out.set(r.scope, r);
    }
    return out;
  }

  async history(filter: ClockFilter, from: Instant, to: Instant): Promise<MetricPoint[]> {
    const first = dayOf(toMs(from, "from"));
    const last = dayOf(toMs(to, "to"));
    if (last < first) throw invalidInput("the series ends before it starts", { from, to });
    if (last - first + 1 > MAX_HISTORY_DAYS)
      throw invalidInput(`a series spans at most ${MAX_HISTORY_DAYS} days`, { from, to });
    const scopes = await this.scopesOf(filter);
    const length = last - first + 1;
    // per day, the change of the sum over scopes (a scope's row replaces its previous figures from its day on)
    const delta = Array.from({ length: length + 1 }, () => new Array<number>(POINT_COLUMNS.length).fill(0));
    const db = this.ctx.db;
    for (let i = 0; i < scopes.length; i += 1000) {
      const chunk = scopes.slice(i, i + 1000);
      const base = await this.lastRows(db, chunk, first);
      const { rows } = await sql<MetricPointsTable>`select * from metric_points
        where scope in (${sql.join(chunk)}) and day >= ${first} and day <= ${last}
        order by scope, day`.execute(db);
      const previous = new Map<string, Figures>();
      for (const [scope, row] of base) {
        const figures = POINT_COLUMNS.map((c) => Number(row[c]));
        previous.set(scope, figures);
        figures.forEach((v, j) => {
          (delta[0] as number[])[j] += v;
        });
      }
      for (const row of rows) {
        const before = previous.get(row.scope);
        const figures = POINT_COLUMNS.map((c) => Number(row[c]));
        const slot = delta[Number(row.day) - first] as number[];
        figures.forEach((v, j) => {
          slot[j] = (slot[j] as number) + v - (before?.[j] ?? 0);
        });
        previous.set(row.scope, figures);
      }
    }
    const out: MetricPoint[] = [];
    const running = new Array<number>(POINT_COLUMNS.length).fill(0);
    for (let d = 0; d < length; d++) {
      (delta[d] as number[]).forEach((v, j) => {
        running[j] = (running[j] as number) + v;
      });
      const [projects, critical, high, medium, low, unknown, total, kev, breached] = running as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      out.push({
        day: dayText(first + d),
        projects,
        critical,
        high,
        medium,
        low,
        unknown,
        total,
        kev,
        breached,
      });
    }
    return out;
  }

  /** The history scopes a filter reads: one precomputed scope, or the sum of the key's visible projects. */
  private async scopesOf(filter: ClockFilter): Promise<string[]> {
    if (filter.projectPatterns === undefined && filter.project === undefined)
      return [filter.tag === undefined ? "*" : `tag:${filter.tag}`];
    const { rows } = await sql<{ id: number | string }>`select p.id as id from projects as p
      where ${allOf(filterConditions(this.ctx, filter))} order by p.id`.execute(this.ctx.db);
    return rows.map((r) => `project:${Number(r.id)}`);
  }

  async unreportedBreaches(now: Instant, limit = 1000): Promise<BreachedFinding[]> {
    const nowMs = toMs(now, "the time of the check");
    const rows = await this.ctx.db
      .selectFrom("findings as f")
      .innerJoin("projects as p", "p.id", "f.project_id")
      .selectAll("f")
      .select("p.name as project_name")
      .where("f.state", "=", "open")
      .where("f.sla_due_at", "<", nowMs)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("sla_breach_reports as r")
              .select("r.finding_id")
              .whereRef("r.finding_id", "=", "f.id"),
          ),
        ),
      )
      .orderBy("f.project_id")
      .orderBy("f.id")
      .limit(Math.max(1, Math.min(limit, 10_000)))
      .execute();
    const projectIds = [...new Set(rows.map((r) => r.project_id))];
    const tags = new Map<number, string[]>();
    for (const chunk of idChunks(projectIds)) {
      const tagRows = await this.ctx.db
        .selectFrom("project_tags")
        .select(["project_id", "tag"])
        .where("project_id", "in", chunk)
        .orderBy("tag")
        .execute();
      for (const r of tagRows)
        tags.set(Number(r.project_id), [...(tags.get(Number(r.project_id)) ?? []), r.tag]);
    }
    return rows.map((r) => ({
      ...toFinding(r),
      projectName: r.project_name,
      projectTags: tags.get(Number(r.project_id)) ?? [],
    }));
  }

  async markBreachesReported(findingIds: readonly number[], at: Instant): Promise<number[]> {
    const atMs = toMs(at, "the report time");
    return this.ctx.atomic(async (db) => {
      const marked: number[] = [];
      for (const chunk of idChunks([...new Set(findingIds)])) {
        const rows = await db
          .insertInto("sla_breach_reports")
          .values(chunk.map((id) => ({ finding_id: id, reported_at: atMs })))
          .onConflict((oc) => oc.column("finding_id").doNothing())
          .returning("finding_id")
          .execute();
        marked.push(...rows.map((r) => Number(r.finding_id)));
      }
      return marked;
    });
  }
}
