import { type Kysely, type Selectable, type SqlBool, sql } from "kysely";
import type { PackageKey } from "../../../advisories/ports.js";
import { SEVERITY_RATINGS } from "../../../model/finding.js";
import { idChunks, insertJsonRows, type JsonColumn, updateJsonRows } from "../bulk.js";
import { checkText, flag, optionalFlag, type StoreContext } from "../context.js";
import { invalidInput } from "../errors.js";
import { afterKey, decodeCursor, pageLimit, toPage } from "../pagination.js";
import {
  FINDING_SORTS,
  FINDING_STATES,
  type FindingFacts,
  type FindingRepository,
  type FindingSort,
  type FindingState,
  type FindingTransition,
  type FindingUpdate,
  type NewFinding,
  type Page,
  type PortfolioFinding,
  type PortfolioFindingQuery,
  type ProjectFindingQuery,
  type StoredFinding,
} from "../ports.js";
import type { FindingsTable, PortfolioDb } from "../schema.js";
import { optionalInstant, optionalMs, toInstant, toMs } from "../time.js";
import { MAX_SCAN_BATCH } from "./components.js";
import { allOf, patternsFilter } from "./filters.js";
import { packagesOfFindings, usageChanged } from "./package-usage.js";

// The columns derived from a finding's facts: what lists, counts and re-matching filter and sort on.
const FACT_COLUMNS = [
  ["purl", "text"],
  ["vulnerability_id", "text"],
  ["key_ecosystem", "text"],
  ["key_name", "text"],
  ["package_version", "text"],
  ["severity", "text"],
  ["severity_rank", "int"],
  ["severity_score", "real"],
  ["kev", "int"],
  ["epss", "real"],
  ["priority", "real"],
  ["direct", "int"],
  ["scope", "text"],
  ["published_at", "int"],
  ["data", "text"],
] as const satisfies readonly JsonColumn<keyof FindingsTable>[];

const INSERT_COLUMNS = [
  ["project_id", "int"],
  ["project_version", "text"],
  ...FACT_COLUMNS,
  // set at insert when known; afterwards owned by the SLA policy (clock.applySla), never by fact updates
  ["sla_due_at", "int"],
  ["state", "text"],
  ["detected_at", "int"],
  ["suppressed_at", "int"],
  ["detected_snapshot_id", "int"],
  ["updated_at", "int"],
] as const satisfies readonly JsonColumn<keyof FindingsTable>[];

const UPDATE_COLUMNS = [...FACT_COLUMNS, ["updated_at", "int"]] as const satisfies readonly JsonColumn<
  keyof FindingsTable
>[];

/** 4 = critical ... 0 = unknown. */
function severityRank(rating: string): number {
  const i = (SEVERITY_RATINGS as readonly string[]).indexOf(rating);
  return i < 0 ? 0 : SEVERITY_RATINGS.length - 1 - i;
}

function factValues(facts: FindingFacts): unknown[] {
  const f = facts.finding;
  if (!f || typeof f.id !== "string" || f.id === "")
    throw invalidInput("a finding needs its vulnerability id");
  if (!f.package || typeof f.package.purl !== "string")
    throw invalidInput(`finding ${f.id} needs its package purl`);
  return [
    f.package.purl,
    f.id,
    facts.key.ecosystem,
    facts.key.name,
    f.package.version,
    f.severity.rating,
    severityRank(f.severity.rating),
    f.severity.score ?? null,
    facts.kev ? 1 : 0,
    facts.epss ?? null,
    facts.priority,
    flag(facts.direct),
    facts.scope ?? null,
    optionalMs(facts.publishedAt, "the publication time"),
    JSON.stringify(f),
  ];
}

/** Every id of the finding's vulnerability: the primary one and its aliases. */
function vulnerabilityIds(facts: FindingFacts): string[] {
  return [...new Set([facts.finding.id, ...(facts.finding.aliases ?? [])])];
}

function checkStates(states: readonly FindingState[] | undefined): readonly FindingState[] | undefined {
  for (const s of states ?? []) {
    if (!FINDING_STATES.includes(s)) throw invalidInput(`${JSON.stringify(s)} is not a finding state`);
  }
  return states;
}

type FindingRow = Selectable<FindingsTable>;

export function toFinding(row: FindingRow): StoredFinding {
  return {
    id: row.id,
    projectId: row.project_id,
    projectVersion: row.project_version,
    purl: row.purl,
    vulnerabilityId: row.vulnerability_id,
    finding: JSON.parse(row.data),
    key: { ecosystem: row.key_ecosystem, name: row.key_name },
    kev: row.kev === 1,
    epss: row.epss ?? undefined,
    priority: row.priority,
    direct: optionalFlag(row.direct),
    scope: row.scope ?? undefined,
    publishedAt: optionalInstant(row.published_at),
    slaDueAt: optionalInstant(row.sla_due_at),
    state: row.state as FindingState,
    detectedAt: toInstant(row.detected_at),
    fixedAt: optionalInstant(row.fixed_at),
    withdrawnAt: optionalInstant(row.withdrawn_at),
    suppressedAt: optionalInstant(row.suppressed_at),
    detectedSnapshotId: row.detected_snapshot_id ?? undefined,
    fixedSnapshotId: row.fixed_snapshot_id ?? undefined,
    updatedAt: toInstant(row.updated_at),
  };
}

const SORT_COLUMNS: Record<FindingSort, "priority" | "severity_rank" | "detected_at"> = {
  priority: "priority",
  severity: "severity_rank",
  detectedAt: "detected_at",
};

/** The column stamped when a finding enters a state. */
const STAMPS: Partial<Record<FindingState, "fixed_at" | "withdrawn_at" | "suppressed_at">> = {
  fixed: "fixed_at",
  withdrawn: "withdrawn_at",
  suppressed: "suppressed_at",
};

const identity = (projectId: number, version: string, purl: string, vulnerabilityId: string) =>
  JSON.stringify([projectId, version, purl, vulnerabilityId]);

async function writeIds(db: Kysely<PortfolioDb>, ctx: StoreContext, rows: [number, string][]): Promise<void> {
  await insertJsonRows(
    db,
    ctx.dialect,
    "finding_ids",
    [
      ["finding_id", "int"],
      ["vuln_id", "text"],
    ],
    rows,
  );
}

/**
 * Stores these findings' time to detect (the clock's MTTD reads it in index order): detected - published, when
 * the advisory was published after the project was first uploaded (its creation); null otherwise.
 */
async function storeTimeToDetect(db: Kysely<PortfolioDb>, ids: readonly number[]): Promise<void> {
  for (const chunk of idChunks(ids))
    await sql`update findings set ttd_ms = case when findings.published_at is not null
        and findings.published_at >= (select p.created_at from projects as p where p.id = findings.project_id)
        then findings.detected_at - findings.published_at end
      where id in (${sql.join(chunk)})`.execute(db);
}

/** Findings with their lifecycle, and the index of every vulnerability id they carry. */
export class SqlFindingRepository implements FindingRepository {
  constructor(private readonly ctx: StoreContext) {}

  async insert(findings: readonly NewFinding[]): Promise<number[]> {
    if (findings.length === 0) return [];
    const rows = findings.map((f) => {
      const state = f.state ?? "open";
      if (state !== "open" && state !== "suppressed") {
        throw invalidInput(`a new finding is "open" or "suppressed", not ${JSON.stringify(state)}`);
      }
      const detectedAt = toMs(f.detectedAt, "the detection time");
      return [
        f.projectId,
        checkText("a version label", f.projectVersion, { max: 256, allowEmpty: true }),
        ...factValues(f),
        optionalMs(f.slaDueAt, "the SLA due date"),
        state,
        detectedAt,
        state === "suppressed" ? toMs(f.suppressedAt ?? f.detectedAt, "the suppression time") : null,
        f.detectedSnapshotId ?? null,
        detectedAt,
      ];
    });
    return this.ctx.atomic(async (db) => {
      const inserted = await insertJsonRows<{
        id: number;
        project_id: number;
        project_version: string;
        purl: string;
        vulnerability_id: string;
      }>(db, this.ctx.dialect, "findings", INSERT_COLUMNS, rows, [
        "id",
        "project_id",
        "project_version",
        "purl",
        "vulnerability_id",
      ]);
      const idOf = new Map(
        inserted.map((r) => [
          identity(Number(r.project_id), r.project_version, r.purl, r.vulnerability_id),
          Number(r.id),
        ]),
      );
      const ids = findings.map((f) => {
        const id = idOf.get(identity(f.projectId, f.projectVersion, f.finding.package.purl, f.finding.id));
        if (id === undefined) throw new Error("an inserted finding was not returned by the database");
        return id;
      });
      await storeTimeToDetect(db, ids);
      await writeIds(
        db,
        this.ctx,
        findings.flatMap((f, i) => vulnerabilityIds(f).map((v): [number, string] => [ids[i] as number, v])),
      );
      await usageChanged(
        this.ctx,
        db,
        findings.map((f) => f.key),
      );
      return ids;
    });
  }

  async update(updates: readonly FindingUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const rows = updates.map((u) => [u.id, ...factValues(u.facts), toMs(u.at, "the update time")]);
    await this.ctx.atomic(async (db) => {
      await updateJsonRows(db, this.ctx.dialect, "findings", ["id", "int"], UPDATE_COLUMNS, rows);
      const ids = updates.map((u) => u.id);
      await storeTimeToDetect(db, ids);
      for (const chunk of idChunks(ids))
        await db.deleteFrom("finding_ids").where("finding_id", "in", chunk).execute();
      await writeIds(
        db,
        this.ctx,
        updates.flatMap((u) => vulnerabilityIds(u.facts).map((v): [number, string] => [u.id, v])),
      );
      await usageChanged(this.ctx, db, await packagesOfFindings(db, ids));
    });
  }

  async transition(ids: readonly number[], change: FindingTransition): Promise<number> {
    if (!FINDING_STATES.includes(change.state)) {
      throw invalidInput(`${JSON.stringify(change.state)} is not a finding state`);
    }
    const at = toMs(change.at, "the transition time");
    const stamp = STAMPS[change.state];
    let changed = 0;
    await this.ctx.atomic(async (db) => {
      for (const chunk of idChunks([...new Set(ids)])) {
        const result = await db
          .updateTable("findings")
          .set({
            state: change.state,
            updated_at: at,
            ...(stamp ? { [stamp]: at } : {}),
            ...(change.state === "fixed" ? { fixed_snapshot_id: change.snapshotId ?? null } : {}),
          })
          .where("id", "in", chunk)
          .where("state", "<>", change.state)
          .executeTakeFirst();
        changed += Number(result.numUpdatedRows);
      }
      if (changed > 0) await usageChanged(this.ctx, db, await packagesOfFindings(db, [...new Set(ids)]));
    });
    return changed;
  }

  async get(id: number): Promise<StoredFinding | undefined> {
    const row = await this.ctx.db.selectFrom("findings").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toFinding(row) : undefined;
  }

  async forProjectVersion(
    projectId: number,
    version: string,
    states?: readonly FindingState[],
  ): Promise<StoredFinding[]> {
    let q = this.ctx.db
      .selectFrom("findings")
      .selectAll()
      .where("project_id", "=", projectId)
      .where("project_version", "=", version)
      .orderBy("id");
    if (checkStates(states)) q = q.where("state", "in", states as FindingState[]);
    return (await q.execute()).map(toFinding);
  }

  async *scanPackage(
    key: PackageKey,
    options: { states?: readonly FindingState[]; batchSize?: number } = {},
  ): AsyncIterable<StoredFinding[]> {
    const batch = options.batchSize ?? 2000;
    if (!Number.isInteger(batch) || batch < 1 || batch > MAX_SCAN_BATCH) {
      throw invalidInput(`a batch size is an integer from 1 to ${MAX_SCAN_BATCH}`, { batchSize: batch });
    }
    const states = checkStates(options.states);
    let after = 0;
    for (;;) {
      let q = this.ctx.db
        .selectFrom("findings")
        .selectAll()
        .where("key_ecosystem", "=", key.ecosystem)
        .where("key_name", "=", key.name)
        .where("id", ">", after)
        .orderBy("id")
        .limit(batch);
      if (states) q = q.where("state", "in", states as FindingState[]);
      const rows = await q.execute();
      if (rows.length === 0) return;
      yield rows.map(toFinding);
      if (rows.length < batch) return;
      after = (rows[rows.length - 1] as FindingRow).id;
    }
  }

  async listForProject(projectId: number, query: ProjectFindingQuery = {}): Promise<Page<StoredFinding>> {
    const sort = query.sort ?? "priority";
    if (!FINDING_SORTS.includes(sort)) {
      throw invalidInput(`findings cannot be sorted by ${JSON.stringify(sort)}`, { sorts: FINDING_SORTS });
    }
    const column = SORT_COLUMNS[sort];
    const states = checkStates(query.states);
    const limit = pageLimit(query.limit);
    const list = `findings:${projectId}:${query.version ?? "*"}:${(states ?? []).join(",")}:${sort}`;
    const after = decodeCursor(query.cursor, list, ["number", "number"]);
    let q = this.ctx.db
      .selectFrom("findings")
      .selectAll()
      .where("project_id", "=", projectId)
      .orderBy(column, "desc")
      .orderBy("id", "desc")
      .limit(limit + 1);
    if (states) q = q.where("state", "in", states as FindingState[]);
    if (query.version !== undefined) q = q.where("project_version", "=", query.version);
    if (after) q = q.where(afterKey([column, "id"], after, "desc"));
    return toPage(await q.execute(), limit, toFinding, list, (r) => [r[column], r.id]);
  }

  async byVulnerability(
    vulnerabilityId: string,
    query: PortfolioFindingQuery = {},
  ): Promise<Page<PortfolioFinding>> {
    const states = checkStates(query.states);
    const limit = pageLimit(query.limit);
    const list = `vulnerability:${vulnerabilityId}:${(states ?? []).join(",")}`;
    const after = decodeCursor(query.cursor, list, ["number"]);
    const conditions = [];
    const scoped = patternsFilter(this.ctx.dialect, "p.name", query.projectPatterns);
    if (scoped) conditions.push(scoped);
    let q = this.ctx.db
      .selectFrom("finding_ids as fi")
      .innerJoin("findings as f", "f.id", "fi.finding_id")
      .innerJoin("projects as p", "p.id", "f.project_id")
      .selectAll("f")
      .select("p.name as project_name")
      .where("fi.vuln_id", "=", vulnerabilityId)
      .where(allOf(conditions))
      .orderBy("fi.finding_id")
      .limit(limit + 1);
    if (states) q = q.where("f.state", "in", states as FindingState[]);
    if (after) q = q.where("fi.finding_id", ">", after[0] as number);
    return toPage(
      await q.execute(),
      limit,
      (r) => ({ ...toFinding(r), projectName: r.project_name }),
      list,
      (r) => [r.id],
    );
  }

  async list(query: PortfolioFindingQuery = {}): Promise<Page<PortfolioFinding>> {
    const states = checkStates(query.states);
    const limit = pageLimit(query.limit);
    const list = `findings:${(states ?? []).join(",")}:${JSON.stringify([query.project ?? null, query.tag ?? null])}`;
    const after = decodeCursor(query.cursor, list, ["number"]);
    const conditions = [];
    const scoped = patternsFilter(this.ctx.dialect, "p.name", query.projectPatterns);
    if (scoped) conditions.push(scoped);
    if (query.project !== undefined) conditions.push(sql<SqlBool>`p.name = ${query.project}`);
    if (query.tag !== undefined)
      conditions.push(
        sql<SqlBool>`exists (select 1 from project_tags as t where t.project_id = p.id and t.tag = ${query.tag})`,
      );
    let q = this.ctx.db
      .selectFrom("findings as f")
      .innerJoin("projects as p", "p.id", "f.project_id")
      .selectAll("f")
      .select("p.name as project_name")
      .where(allOf(conditions))
      .orderBy("f.id")
      .limit(limit + 1);
    if (states) q = q.where("f.state", "in", states as FindingState[]);
    if (after) q = q.where("f.id", ">", after[0] as number);
    return toPage(
      await q.execute(),
      limit,
      (r) => ({ ...toFinding(r), projectName: r.project_name }),
      list,
      (r) => [r.id],
    );
  }
}
