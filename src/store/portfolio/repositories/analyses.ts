import type { Selectable } from "kysely";
import { idChunks } from "../bulk.js";
import { checkText, parseJson, type StoreContext } from "../context.js";
import { invalidInput, StoreError } from "../errors.js";
import { decodeCursor, pageLimit, toPage } from "../pagination.js";
import {
  ANALYSIS_STATES,
  type AnalysisRepository,
  type AnalysisState,
  type FindingAnalysis,
  type Page,
  type PageRequest,
} from "../ports.js";
import type { FindingAnalysisHistoryTable } from "../schema.js";
import { toInstant, toMs } from "../time.js";

type AnalysisRow = Omit<Selectable<FindingAnalysisHistoryTable>, "id">;

function toAnalysis(row: AnalysisRow): FindingAnalysis {
  return {
    findingId: row.finding_id,
    state: row.state as AnalysisState,
    justification: row.justification ?? undefined,
    responses: parseJson(row.responses, []),
    detail: row.detail ?? undefined,
    by: row.by,
    at: toInstant(row.at),
  };
}

/** Triage decisions: the current one per finding, and every one as history. */
export class SqlAnalysisRepository implements AnalysisRepository {
  constructor(private readonly ctx: StoreContext) {}

  async record(analysis: FindingAnalysis): Promise<void> {
    if (!ANALYSIS_STATES.includes(analysis.state)) {
      throw invalidInput(`${JSON.stringify(analysis.state)} is not an analysis state`, {
        states: ANALYSIS_STATES,
      });
    }
    checkText("the analyst's name", analysis.by, { max: 256 });
    const values = {
      finding_id: analysis.findingId,
      state: analysis.state,
      justification: analysis.justification ?? null,
      responses: JSON.stringify(analysis.responses ?? []),
      detail: analysis.detail ?? null,
      by: analysis.by,
      at: toMs(analysis.at, "the analysis time"),
    };
    await this.ctx.atomic(async (db) => {
      const finding = await db
        .selectFrom("findings")
        .select("project_id")
        .where("id", "=", analysis.findingId)
        .executeTakeFirst();
      if (!finding) {
        throw new StoreError(`there is no finding ${analysis.findingId}`, {
          code: "INPUT_NOT_FOUND",
          details: { findingId: analysis.findingId },
        });
      }
      const { finding_id: _, ...current } = values;
      await db
        .insertInto("finding_analyses")
        .values({ ...values, project_id: finding.project_id })
        .onConflict((oc) => oc.column("finding_id").doUpdateSet(current))
        .execute();
      await db.insertInto("finding_analysis_history").values(values).execute();
    });
  }

  async current(findingIds: readonly number[]): Promise<Map<number, FindingAnalysis>> {
    const out = new Map<number, FindingAnalysis>();
    for (const chunk of idChunks([...new Set(findingIds)])) {
      const rows = await this.ctx.db
        .selectFrom("finding_analyses")
        .selectAll()
        .where("finding_id", "in", chunk)
        .execute();
      for (const row of rows) out.set(row.finding_id, toAnalysis(row));
    }
    return out;
  }

  async history(findingId: number, query: PageRequest = {}): Promise<Page<FindingAnalysis>> {
    const limit = pageLimit(query.limit);
    const list = `analysis-history:${findingId}`;
    const after = decodeCursor(query.cursor, list, ["number"]);
    let q = this.ctx.db
      .selectFrom("finding_analysis_history")
      .selectAll()
      .where("finding_id", "=", findingId)
      .orderBy("id", "desc")
      .limit(limit + 1);
    if (after) q = q.where("id", "<", after[0] as number);
    return toPage(await q.execute(), limit, toAnalysis, list, (r) => [r.id]);
  }

  async listForProject(projectId: number, query: PageRequest = {}): Promise<Page<FindingAnalysis>> {
    const limit = pageLimit(query.limit);
    const list = `analyses:${projectId}`;
    const after = decodeCursor(query.cursor, list, ["number"]);
    let q = this.ctx.db
      .selectFrom("finding_analyses")
      .selectAll()
      .where("project_id", "=", projectId)
      .orderBy("finding_id")
      .limit(limit + 1);
    if (after) q = q.where("finding_id", ">", after[0] as number);
    return toPage(await q.execute(), limit, toAnalysis, list, (r) => [r.finding_id]);
  }
}
