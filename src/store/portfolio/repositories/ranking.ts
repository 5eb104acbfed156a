import { type RawBuilder, sql } from "kysely";
import type { StoreContext } from "../context.js";
import { decodeCursor, pageLimit, toPage } from "../pagination.js";
import type { PackageUsage, Page, RankingQuery, RankingRepository } from "../ports.js";
import { patternsFilter } from "./filters.js";
import { asKey, scoreSql } from "./package-usage.js";

interface UsageRow {
  key_ecosystem: string;
  key_name: string;
  sample_purl: string;
  projects: number | string;
  direct_projects: number | string;
  transitive_projects: number | string;
  open_vulns: number | string;
  open_findings: number | string;
  kev_vulns: number | string;
  criticality: number | string | null;
  risk_score: number | string | null;
  score: number | string;
}

function toUsage(r: UsageRow): PackageUsage {
  return {
    key: { ecosystem: r.key_ecosystem, name: r.key_name },
    samplePurl: r.sample_purl,
    projects: Number(r.projects),
    directProjects: Number(r.direct_projects),
    transitiveProjects: Number(r.transitive_projects),
    openVulnerabilities: Number(r.open_vulns),
    openFindings: Number(r.open_findings),
    kevVulnerabilities: Number(r.kev_vulns),
    ...(r.criticality !== null ? { criticality: Number(r.criticality) } : {}),
    ...(r.risk_score !== null ? { riskScore: Number(r.risk_score) } : {}),
    score: Number(r.score),
  };
}

/**
 * The audit ranking. The whole portfolio reads the materialised `package_usage` (an index walk in score
 * order, whatever the portfolio's size); a scoped key's ranking groups its projects' component and finding
 * rows on request (cost grows with the rows of those projects, not the portfolio's), with the same score
 * expression, so both order alike.
 */
export class SqlRankingRepository implements RankingRepository {
  constructor(private readonly ctx: StoreContext) {}

  async list(query: RankingQuery = {}): Promise<Page<PackageUsage>> {
    const limit = pageLimit(query.limit);
    const scope =
      query.projectPatterns === undefined ? "*" : JSON.stringify([...query.projectPatterns].sort());
    const list = `ranking:${query.ecosystem ?? "*"}:${scope}`;
    const after = decodeCursor(query.cursor, list, ["number", "string", "string"]);
    const source = query.projectPatterns === undefined ? sql`package_usage` : this.scoped(query);
    const d = this.ctx.dialect;
    // byte order on both databases (the materialised columns are already collate "C": their index serves)
    const eco = asKey(d, sql.ref("u.key_ecosystem"));
    const name = asKey(d, sql.ref("u.key_name"));
    const conditions: RawBuilder<unknown>[] = [];
    if (query.ecosystem !== undefined) conditions.push(sql`${eco} = ${query.ecosystem}`);
    if (after) {
      const [s, e, n] = after as [number, string, string];
      conditions.push(
        sql`(u.score < ${s} or (u.score = ${s} and (${eco} > ${e} or (${eco} = ${e} and ${name} > ${n}))))`,
      );
    }
    const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
    const { rows } = await sql<UsageRow>`select u.* from ${source} as u ${where}
      order by u.score desc, ${eco}, ${name} limit ${limit + 1}`.execute(this.ctx.db);
    return toPage(rows, limit, toUsage, list, (r) => [Number(r.score), r.key_ecosystem, r.key_name]);
  }

  /** The usage rows computed over the projects a key may see. */
  private scoped(query: RankingQuery): RawBuilder<unknown> {
    const d = this.ctx.dialect;
    const inScope = patternsFilter(d, "p.name", query.projectPatterns) ?? sql`1 = 1`;
    const eco = (column: string) =>
      query.ecosystem === undefined ? sql`` : sql`and ${sql.ref(column)} = ${query.ecosystem}`;
    return sql`(select g.*, ${scoreSql(d, "g")} as score from (
      select h.key_ecosystem, h.key_name, min(h.sample_purl) as sample_purl, count(*) as projects,
        sum(case when h.hold = 1 then 1 else 0 end) as direct_projects,
        sum(case when h.hold = 0 then 1 else 0 end) as transitive_projects,
        coalesce(max(v.open_vulns), 0) as open_vulns, coalesce(max(v.open_findings), 0) as open_findings,
        coalesce(max(v.kev_vulns), 0) as kev_vulns, max(pr.criticality) as criticality, max(pr.score) as risk_score
      from (
        select c.key_ecosystem, c.key_name, c.project_id, max(coalesce(c.direct, -1)) as hold, min(c.purl) as sample_purl
        from components as c inner join projects as p on p.id = c.project_id
        where ${inScope} ${eco("c.key_ecosystem")}
        group by c.key_ecosystem, c.key_name, c.project_id
      ) as h
      left join (
        select f.key_ecosystem, f.key_name, count(distinct f.vulnerability_id) as open_vulns, count(*) as open_findings,
          count(distinct case when f.kev = 1 then f.vulnerability_id end) as kev_vulns
        from findings as f inner join projects as p on p.id = f.project_id
        where f.state = 'open' and ${inScope} ${eco("f.key_ecosystem")}
        group by f.key_ecosystem, f.key_name
      ) as v on v.key_ecosystem = h.key_ecosystem and v.key_name = h.key_name
      left join package_risk as pr
        on pr.key_ecosystem = ${asKey(d, sql.ref("h.key_ecosystem"))} and pr.key_name = ${asKey(d, sql.ref("h.key_name"))}
      group by h.key_ecosystem, h.key_name
    ) as g)`;
  }
}
