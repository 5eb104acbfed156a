import { type Kysely, type RawBuilder, sql } from "kysely";
import type { PackageKey } from "../../../advisories/ports.js";
import type { StoreContext } from "../context.js";
import type { PortfolioDb } from "../schema.js";
import type { SqlDialect } from "../sql-dialect.js";

// The materialised package usage behind the audit ranking. Grouping every component row on request costs
// seconds at 5,000,000 rows (docs/store.md, "Benchmarks"), so the store keeps one row per package up to date
// as components and findings change:
// - components (replace, removeVersion, project delete): the project's per-package summary is read before
//   and after the change (an index range of that one project) and the difference is added to the counters;
// - findings (insert, update, transition, project delete): the open-vulnerability counts of the packages
//   concerned are recounted from the findings index of those packages.
// Every write first takes the store's writer lock (the one event appends take, held to commit), so
// concurrent transactions on PostgreSQL apply their differences one after another and recounts read what
// the previous writer committed. SQLite writers already exclude each other.

/** A project's hold on a package: 1 direct (in some version), 0 transitive only, -1 not said. */
export type Hold = 1 | 0 | -1;

type Db = Kysely<PortfolioDb>;

/** `"ecosystem\0name"` of a key. */
const keyId = (ecosystem: string, name: string) => `${ecosystem}\u0000${name}`;

/**
 * The packages one project holds (all its versions), with its hold and a purl for display. Read through the
 * project's index: SQLite would otherwise walk the whole reverse index to produce the groups in order.
 */
export async function projectHolds(
  db: Db,
  d: SqlDialect,
  projectId: number,
): Promise<Map<string, { hold: Hold; purl: string }>> {
  const { rows } = await sql<{
    key_ecosystem: string;
    key_name: string;
    hold: number | string;
    purl: string;
  }>`
    select key_ecosystem, key_name, max(coalesce(direct, -1)) as hold, min(purl) as purl
    from components ${d.kind === "sqlite" ? sql`indexed by components_by_project` : sql``}
    where project_id = ${projectId}
    group by key_ecosystem, key_name`.execute(db);
  return new Map(
    rows.map((r) => [
      keyId(r.key_ecosystem, r.key_name),
      { hold: Number(r.hold) as Hold, purl: String(r.purl) },
    ]),
  );
}

/**
 * The ranking score of a usage row (columns of `alias`), as SQL: the same expression for the materialised
 * table and the scoped aggregate, so both rank alike (docs/ranking.md). Every term is cast to a double, so
 * both databases compute the same value.
 */
export function scoreSql(d: SqlDialect, alias: string): RawBuilder<number> {
  return scoreOf(d, (name) => sql.ref(`${alias}.${name}`));
}

/** scoreSql over any expressions of the usage columns (e.g. the values an upsert is about to write). */
function scoreOf(d: SqlDialect, value: (column: string) => RawBuilder<unknown>): RawBuilder<number> {
  const real = sql.raw(d.kind === "postgres" ? "double precision" : "real");
  const col = (name: string) => sql`cast(${value(name)} as ${real})`;
  const n = (value: number) => sql`cast(${sql.lit(value)} as ${real})`;
  return sql<number>`((${col("projects")} + ${col("direct_projects")})
    * (${n(1)} + ${col("open_vulns")} / ${n(2)} + ${n(2)} * ${col("kev_vulns")})
    * (${n(1)} + coalesce(${col("criticality")}, ${n(0)}))
    * (${n(1)} + (${n(10)} - coalesce(${col("risk_score")}, ${n(10)})) / ${n(10)}))`;
}

/**
 * A text value compared with the usage tables' key columns, which sort byte-wise (PostgreSQL `collate "C"`):
 * with the same collation, PostgreSQL uses their indexes (a mismatch means a scan of the table per write).
 */
export function asKey(d: SqlDialect, expr: RawBuilder<unknown>): RawBuilder<unknown> {
  return d.kind === "postgres" ? sql`(${expr}) collate "C"` : expr;
}

/**
 * A usage key column compared with `components` and `findings` (whose key columns have the database's default
 * collation), so that their indexes serve the comparison.
 */
function asDefault(d: SqlDialect, column: string): RawBuilder<unknown> {
  return d.kind === "postgres" ? sql`${sql.ref(column)} collate "default"` : sql.ref(column);
}

/** The JSON-rows FROM item of keys, with the key columns as expressions. */
function keyRows(d: SqlDialect, keys: readonly { ecosystem: string; name: string }[]) {
  return {
    from: d.jsonRows(JSON.stringify(keys.map((k) => [k.ecosystem, k.name]))),
    eco: asKey(d, d.jsonColumn(0, "text")),
    name: asKey(d, d.jsonColumn(1, "text")),
  };
}

const CHUNK = 2000;

function sortedKeys(keys: Iterable<string>): { ecosystem: string; name: string }[] {
  return [...new Set(keys)].sort().map((id) => {
    const at = id.indexOf("\u0000");
    return { ecosystem: id.slice(0, at), name: id.slice(at + 1) };
  });
}

/** Recomputes the score of these packages' usage rows. */
async function rescore(
  db: Db,
  d: SqlDialect,
  keys: readonly { ecosystem: string; name: string }[],
): Promise<void> {
  for (let i = 0; i < keys.length; i += CHUNK) {
    const k = keyRows(d, keys.slice(i, i + CHUNK));
    await sql`update package_usage set score = ${scoreSql(d, "package_usage")}
      where (key_ecosystem, key_name) in (select ${k.eco}, ${k.name} from ${k.from})`.execute(db);
  }
}

/**
 * Adds the difference between a project's holds before and after a change to the usage counters (rows are
 * created with the package's risk, and removed when no project holds the package any more).
 */
export async function applyHoldChange(
  ctx: StoreContext,
  db: Db,
  before: Map<string, { hold: Hold; purl: string }>,
  after: Map<string, { hold: Hold; purl: string }>,
): Promise<void> {
  const deltas = new Map<string, [purl: string, projects: number, direct: number, transitive: number]>();
  const count = (hold: Hold | undefined): [number, number, number] =>
    hold === undefined ? [0, 0, 0] : [1, hold === 1 ? 1 : 0, hold === 0 ? 1 : 0];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(id);
    const a = after.get(id);
    if (b?.hold === a?.hold) continue;
    const [bp, bd, bt] = count(b?.hold);
    const [ap, ad, at] = count(a?.hold);
    deltas.set(id, [(a ?? b)!.purl, ap - bp, ad - bd, at - bt]);
  }
  if (deltas.size === 0) return;
  const d = ctx.dialect;
  await d.lockEventAppends(db);
  const keys = sortedKeys(deltas.keys());
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const rows = chunk.map((k) => [k.ecosystem, k.name, ...deltas.get(keyId(k.ecosystem, k.name))!]);
    const c = (i: number, kind: "int" | "text") => d.jsonColumn(i, kind);
    // the score written with the counts (a separate rescore of every row cost a new 1,400-package project
    // another statement over all of them): a new row has no vulnerability counted yet
    const inserted: Record<string, RawBuilder<unknown>> = {
      projects: c(3, "int"),
      direct_projects: c(4, "int"),
      open_vulns: sql.lit(0),
      kev_vulns: sql.lit(0),
      criticality: sql.ref("pr.criticality"),
      risk_score: sql.ref("pr.score"),
    };
    const added = (name: string) =>
      ["projects", "direct_projects"].includes(name)
        ? sql`(${sql.ref(`package_usage.${name}`)} + ${sql.ref(`excluded.${name}`)})`
        : sql.ref(`package_usage.${name}`);
    // "where true": SQLite needs it to read ON CONFLICT after INSERT ... SELECT
    await sql`insert into package_usage
        (key_ecosystem, key_name, sample_purl, projects, direct_projects, transitive_projects, criticality, risk_score,
         score)
      select ${c(0, "text")}, ${c(1, "text")}, ${c(2, "text")}, ${c(3, "int")}, ${c(4, "int")}, ${c(5, "int")},
        pr.criticality, pr.score, ${scoreOf(d, (name) => inserted[name]!)}
      from ${d.jsonRows(JSON.stringify(rows))}
      left join package_risk as pr
        on pr.key_ecosystem = ${asKey(d, c(0, "text"))} and pr.key_name = ${asKey(d, c(1, "text"))}
      where true
      on conflict (key_ecosystem, key_name) do update set
        projects = package_usage.projects + excluded.projects,
        direct_projects = package_usage.direct_projects + excluded.direct_projects,
        transitive_projects = package_usage.transitive_projects + excluded.transitive_projects,
        score = ${scoreOf(d, added)}`.execute(db);
    const k = keyRows(d, chunk);
    await sql`delete from package_usage
      where projects <= 0 and (key_ecosystem, key_name) in (select ${k.eco}, ${k.name} from ${k.from})`.execute(
      db,
    );
  }
  // Only the project counts changed here: vulnerability counts move with findings, whose writes recount their
  // packages (a row just created counts none until then — no finding of a package outlives the last project
  // holding it). Recounting every package new to the project here cost an upload of a new 1,400-package
  // project a recount of all of them.
}

/** Recounts open vulnerabilities, open findings and KEV-listed vulnerabilities of these packages, then rescores. */
export async function recountVulnerabilities(
  db: Db,
  d: SqlDialect,
  keys: readonly PackageKey[],
): Promise<void> {
  if (keys.length === 0) return;
  await d.lockEventAppends(db);
  const sorted = sortedKeys(keys.map((k) => keyId(k.ecosystem, k.name)));
  const same = sql`f.key_ecosystem = ${asDefault(d, "package_usage.key_ecosystem")}
    and f.key_name = ${asDefault(d, "package_usage.key_name")} and f.state = 'open'`;
  // the package's open findings, from their own index alone (SQLite would pick the (state, sla_due_at) index
  // and walk every open finding of the portfolio for each package)
  const findings =
    d.kind === "sqlite" ? sql`findings as f indexed by findings_open_by_package` : sql`findings as f`;
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const k = keyRows(d, sorted.slice(i, i + CHUNK));
    await sql`update package_usage set
        open_vulns = (select count(distinct f.vulnerability_id) from ${findings} where ${same}),
        open_findings = (select count(*) from ${findings} where ${same}),
        kev_vulns = (select count(distinct f.vulnerability_id) from ${findings} where ${same} and f.kev = 1)
      where (key_ecosystem, key_name) in (select ${k.eco}, ${k.name} from ${k.from})`.execute(db);
  }
  await rescore(db, d, sorted);
}

/** The packages of these findings (to recount after a change of their state or facts). */
export async function packagesOfFindings(db: Db, ids: readonly number[]): Promise<PackageKey[]> {
  const out: PackageKey[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom("findings")
      .select(["key_ecosystem", "key_name"])
      .distinct()
      .where("id", "in", ids.slice(i, i + 1000))
      .execute();
    for (const r of rows) out.push({ ecosystem: r.key_ecosystem, name: r.key_name });
  }
  return out;
}

/** Sets a package's risk on its usage row (when the portfolio holds it) and rescores it. */
export async function applyPackageRisk(
  db: Db,
  d: SqlDialect,
  key: PackageKey,
  risk: { score: number | null; criticality: number | null },
): Promise<void> {
  await d.lockEventAppends(db);
  await db
    .updateTable("package_usage")
    .set({ risk_score: risk.score, criticality: risk.criticality })
    .where("key_ecosystem", "=", key.ecosystem)
    .where("key_name", "=", key.name)
    .execute();
  await rescore(db, d, [key]);
}

/**
 * Marks packages whose open findings changed: inside a store transaction they are recounted once before
 * commit (store.transaction calls recountStaleUsage); outside one, at once in the method's own transaction.
 */
export async function usageChanged(ctx: StoreContext, db: Db, keys: readonly PackageKey[]): Promise<void> {
  if (!ctx.inTransaction) return recountVulnerabilities(db, ctx.dialect, keys);
  for (const k of keys)
    ctx.staleUsage.set(keyId(k.ecosystem, k.name), { ecosystem: k.ecosystem, name: k.name });
}

/** Recounts the packages marked stale in this transaction (called by store.transaction before commit). */
export async function recountStaleUsage(ctx: StoreContext): Promise<void> {
  if (ctx.staleUsage.size === 0) return;
  const keys = [...ctx.staleUsage.values()];
  ctx.staleUsage.clear();
  await recountVulnerabilities(ctx.db, ctx.dialect, keys);
}
