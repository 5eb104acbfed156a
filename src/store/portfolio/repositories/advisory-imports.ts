import type { StoreContext } from "../context.js";
import { decodeCursor, pageLimit, toPage } from "../pagination.js";
import type { AdvisoryImportRecord, AdvisoryImportRepository, Page, PageRequest } from "../ports.js";
import { toInstant, toMs } from "../time.js";

/** The log of advisory imports and what each changed. */
export class SqlAdvisoryImportRepository implements AdvisoryImportRepository {
  constructor(private readonly ctx: StoreContext) {}

  async record(entry: AdvisoryImportRecord): Promise<number> {
    const row = await this.ctx.db
      .insertInto("advisory_imports")
      .values({
        at: toMs(entry.at, "the import time"),
        source: entry.source,
        imported: entry.imported,
        replaced: entry.replaced,
        new_findings: entry.newFindings,
        closed_findings: entry.closedFindings,
        affected_projects: entry.affectedProjects,
        ms: Math.round(entry.ms),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async list(query: PageRequest = {}): Promise<Page<AdvisoryImportRecord & { id: number }>> {
    const limit = pageLimit(query.limit);
    const list = "advisory-imports";
    const after = decodeCursor(query.cursor, list, ["number"]);
    let q = this.ctx.db
      .selectFrom("advisory_imports")
      .selectAll()
      .orderBy("id", "desc")
      .limit(limit + 1);
    if (after) q = q.where("id", "<", after[0] as number);
    return toPage(
      await q.execute(),
      limit,
      (r) => ({
        id: r.id,
        at: toInstant(r.at),
        source: r.source,
        imported: r.imported,
        replaced: r.replaced,
        newFindings: r.new_findings,
        closedFindings: r.closed_findings,
        affectedProjects: r.affected_projects,
        ms: r.ms,
      }),
      list,
      (r) => [r.id],
    );
  }
}
