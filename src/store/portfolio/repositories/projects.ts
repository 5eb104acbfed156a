import { type Kysely, type Selectable, type SqlBool, sql } from "kysely";
import { idChunks } from "../bulk.js";
import { checkText, type StoreContext } from "../context.js";
import { invalidInput } from "../errors.js";
import { afterKey, decodeCursor, pageLimit, toPage } from "../pagination.js";
import {
  type BoundedCount,
  type Instant,
  type OpenFindingCounts,
  type Page,
  type PageRequest,
  PROJECT_SORTS,
  type Project,
  type ProjectFilter,
  type ProjectListQuery,
  type ProjectRepository,
  type ProjectSort,
  type TagUsage,
} from "../ports.js";
import type { PortfolioDb, ProjectsTable } from "../schema.js";
import { optionalInstant, toInstant, toMs } from "../time.js";
import { allOf, projectFilterConditions } from "./filters.js";
import { applyHoldChange, projectHolds, recountVulnerabilities } from "./package-usage.js";

const SORT_COLUMNS: Record<ProjectSort, keyof ProjectsTable & string> = {
  name: "name",
  riskScore: "risk_score",
  openFindings: "open_total",
  kevFindings: "open_kev",
  lastUploadAt: "last_upload_at",
  createdAt: "created_at",
  updatedAt: "updated_at",
};

/** Longest project name and tag accepted. */
export const MAX_PROJECT_NAME = 512;
export const MAX_TAG = 128;

type ProjectRow = Selectable<ProjectsTable>;

function toProject(row: ProjectRow, tags: string[]): Project {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags,
    createdAt: toInstant(row.created_at),
    updatedAt: toInstant(row.updated_at),
    lastUploadAt: row.last_upload_at === 0 ? undefined : optionalInstant(row.last_upload_at),
    open: {
      critical: row.open_critical,
      high: row.open_high,
      medium: row.open_medium,
      low: row.open_low,
      unknown: row.open_unknown,
      total: row.open_total,
      kev: row.open_kev,
    },
    riskScore: row.risk_score,
  };
}

function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => checkText("a tag", t, { max: MAX_TAG })))].sort();
}

async function tagsOf(db: Kysely<PortfolioDb>, ids: readonly number[]): Promise<Map<number, string[]>> {
  const byProject = new Map<number, string[]>();
  for (const chunk of idChunks(ids)) {
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom("project_tags")
      .select(["project_id", "tag"])
      .where("project_id", "in", chunk)
      .orderBy("tag")
      .execute();
    for (const row of rows) {
      const list = byProject.get(row.project_id) ?? [];
      list.push(row.tag);
      byProject.set(row.project_id, list);
    }
  }
  return byProject;
}

/** Projects, their tags and their denormalised open-finding counts. */
export class SqlProjectRepository implements ProjectRepository {
  constructor(private readonly ctx: StoreContext) {}

  private async withTags(rows: ProjectRow[]): Promise<Project[]> {
    const tags = await tagsOf(
      this.ctx.db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => toProject(row, tags.get(row.id) ?? []));
  }

  private async one(row: ProjectRow | undefined): Promise<Project | undefined> {
    return row ? (await this.withTags([row]))[0] : undefined;
  }

  async ensure(name: string, at: Instant): Promise<{ project: Project; created: boolean }> {
    checkText("a project name", name, { max: MAX_PROJECT_NAME });
    const ms = toMs(at, "the creation time");
    return this.ctx.atomic(async (db) => {
      const inserted = await db
        .insertInto("projects")
        .values({ name, created_at: ms, updated_at: ms })
        .onConflict((oc) => oc.column("name").doNothing())
        .returning("id")
        .executeTakeFirst();
      const row = await db
        .selectFrom("projects")
        .selectAll()
        .where("name", "=", name)
        .executeTakeFirstOrThrow();
      const tags = await tagsOf(db, [row.id]);
      return { project: toProject(row, tags.get(row.id) ?? []), created: inserted !== undefined };
    });
  }

  async get(name: string): Promise<Project | undefined> {
    return this.one(
      await this.ctx.db.selectFrom("projects").selectAll().where("name", "=", name).executeTakeFirst(),
    );
  }

  async getById(id: number): Promise<Project | undefined> {
    return this.one(
      await this.ctx.db.selectFrom("projects").selectAll().where("id", "=", id).executeTakeFirst(),
    );
  }

  async list(query: ProjectListQuery = {}): Promise<Page<Project>> {
    const sort = query.sort ?? "name";
    if (!PROJECT_SORTS.includes(sort)) {
      throw invalidInput(`projects cannot be sorted by ${JSON.stringify(sort)}`, { sorts: PROJECT_SORTS });
    }
    const direction = query.direction ?? (sort === "name" ? "asc" : "desc");
    if (direction !== "asc" && direction !== "desc")
      throw invalidInput(`a sort direction is "asc" or "desc"`);
    const column = SORT_COLUMNS[sort];
    const list = `projects:${sort}:${direction}`;
    const limit = pageLimit(query.limit);
    const after = decodeCursor(query.cursor, list, [sort === "name" ? "string" : "number", "number"]);
    const conditions = projectFilterConditions(this.ctx.dialect, query);
    if (after) conditions.push(afterKey([`projects.${column}`, "projects.id"], after, direction));
    const rows = await this.ctx.db
      .selectFrom("projects")
      .selectAll()
      .where(allOf(conditions))
      .orderBy(column, direction)
      .orderBy("id", direction)
      .limit(limit + 1)
      .execute();
    const page = toPage(
      rows,
      limit,
      (r) => r,
      list,
      (r) => [r[column], r.id],
    );
    return { items: await this.withTags(page.items), nextCursor: page.nextCursor };
  }

  async count(filter: ProjectFilter = {}, max = 10_000): Promise<BoundedCount> {
    const bound = Math.max(0, Math.floor(max));
    const inner = this.ctx.db
      .selectFrom("projects")
      .select(sql.lit(1).as("one"))
      .where(allOf(projectFilterConditions(this.ctx.dialect, filter)))
      .limit(bound + 1);
    const row = await this.ctx.db
      .selectFrom(inner.as("matching"))
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const n = Number(row.n);
    return { count: Math.min(n, bound), exact: n <= bound };
  }

  async totals(filter: ProjectFilter = {}): Promise<OpenFindingCounts & { projects: number }> {
    const sum = (column: keyof ProjectsTable & string) => sql<number>`coalesce(sum(${sql.ref(column)}), 0)`;
    const row = await this.ctx.db
      .selectFrom("projects")
      .select((eb) => [
        eb.fn.countAll<number>().as("projects"),
        sum("open_critical").as("critical"),
        sum("open_high").as("high"),
        sum("open_medium").as("medium"),
        sum("open_low").as("low"),
        sum("open_unknown").as("unknown"),
        sum("open_total").as("total"),
        sum("open_kev").as("kev"),
      ])
      .where(allOf(projectFilterConditions(this.ctx.dialect, filter)))
      .executeTakeFirstOrThrow();
    return {
      projects: Number(row.projects),
      critical: Number(row.critical),
      high: Number(row.high),
      medium: Number(row.medium),
      low: Number(row.low),
      unknown: Number(row.unknown),
      total: Number(row.total),
      kev: Number(row.kev),
    };
  }

  async update(
    id: number,
    change: { description?: string; tags?: readonly string[]; at: Instant },
  ): Promise<Project | undefined> {
    const ms = toMs(change.at, "the update time");
    const tags = change.tags === undefined ? undefined : normaliseTags(change.tags);
    if (change.description !== undefined) {
      checkText("a description", change.description, { max: 10_000, allowEmpty: true });
    }
    return this.ctx.atomic(async (db) => {
      const updated = await db
        .updateTable("projects")
        .set({
          updated_at: ms,
          ...(change.description === undefined ? {} : { description: change.description }),
        })
        .where("id", "=", id)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return undefined;
      if (tags !== undefined) {
        await db.deleteFrom("project_tags").where("project_id", "=", id).execute();
        if (tags.length > 0) {
          await db
            .insertInto("project_tags")
            .values(tags.map((tag) => ({ project_id: id, tag })))
            .execute();
        }
      }
      const row = await db.selectFrom("projects").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      const byProject = await tagsOf(db, [id]);
      return toProject(row, byProject.get(id) ?? []);
    });
  }

  async delete(id: number): Promise<boolean> {
    return this.ctx.atomic(async (db) => {
      // the package usage loses this project's components and open findings
      const before = await projectHolds(db, this.ctx.dialect, id);
      const open = await db
        .selectFrom("findings")
        .select(["key_ecosystem", "key_name"])
        .distinct()
        .where("project_id", "=", id)
        .where("state", "=", "open")
        .execute();
      const result = await db.deleteFrom("projects").where("id", "=", id).executeTakeFirst();
      await applyHoldChange(this.ctx, db, before, new Map());
      await recountVulnerabilities(
        db,
        this.ctx.dialect,
        open.map((r) => ({ ecosystem: r.key_ecosystem, name: r.key_name })),
      );
      return Number(result.numDeletedRows) > 0;
    });
  }

  async recordUpload(id: number, at: Instant): Promise<void> {
    const ms = toMs(at, "the upload time");
    await this.ctx.db
      .updateTable("projects")
      .set({ last_upload_at: ms, updated_at: ms })
      .where("id", "=", id)
      .execute();
  }

  async refreshCounts(ids: readonly number[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    await this.ctx.atomic(async (db) => {
      for (const chunk of idChunks(unique)) {
        // One pass per chunk: each project's open findings, read from the covering index (project_id, state,
        // severity, kev); projects without any get zeros through the left join; rows whose counts did not
        // change are not rewritten (a re-match that changes nothing writes nothing).
        const bySeverity = (rating: string) =>
          sql<number>`sum(case when f.severity = ${rating} then 1 else 0 end)`.as(rating);
        const counts = db
          .selectFrom("projects as p")
          .leftJoin("findings as f", (join) =>
            join.onRef("f.project_id", "=", "p.id").on("f.state", "=", "open"),
          )
          .select((eb) => [
            "p.id as project_id",
            bySeverity("critical"),
            bySeverity("high"),
            bySeverity("medium"),
            bySeverity("low"),
            bySeverity("unknown"),
            eb.fn.count<number>("f.id").as("total"),
            sql<number>`coalesce(sum(f.kev), 0)`.as("kev"),
          ])
          .where("p.id", "in", chunk)
          .groupBy("p.id")
          .as("c");
        await db
          .updateTable("projects")
          .from(counts)
          .set((eb) => ({
            open_critical: eb.ref("c.critical"),
            open_high: eb.ref("c.high"),
            open_medium: eb.ref("c.medium"),
            open_low: eb.ref("c.low"),
            open_unknown: eb.ref("c.unknown"),
            open_total: eb.ref("c.total"),
            open_kev: eb.ref("c.kev"),
            // Dependency-Track's inherited risk score, plus weight for exploited vulnerabilities (ports.ts).
            risk_score: sql<number>`10 * c.critical + 5 * c.high + 3 * c.medium + 1 * c.low + 5 * c.unknown + 10 * c.kev`,
          }))
          .whereRef("projects.id", "=", "c.project_id")
          .where(
            sql<SqlBool>`(projects.open_critical, projects.open_high, projects.open_medium, projects.open_low,
              projects.open_unknown, projects.open_total, projects.open_kev)
              <> (c.critical, c.high, c.medium, c.low, c.unknown, c.total, c.kev)`,
          )
          .execute();
      }
    });
  }

  async lock(ids: readonly number[]): Promise<void> {
    this.ctx.requireTransaction("locking projects");
    await this.ctx.dialect.lockProjects(this.ctx.db, ids);
  }

  async tags(query: PageRequest = {}): Promise<Page<TagUsage>> {
    const limit = pageLimit(query.limit);
    const list = "tags";
    const after = decodeCursor(query.cursor, list, ["string"]);
    let q = this.ctx.db
      .selectFrom("project_tags")
      .select((eb) => ["tag", eb.fn.countAll<number>().as("projects")])
      .groupBy("tag")
      .orderBy("tag")
      .limit(limit + 1);
    if (after) q = q.where("tag", ">", after[0] as string);
    const rows = await q.execute();
    return toPage(
      rows,
      limit,
      (r) => ({ tag: r.tag, projects: Number(r.projects) }),
      list,
      (r) => [r.tag],
    );
  }
}
