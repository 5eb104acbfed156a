import type { Selectable } from "kysely";
import type { PolicyLevel, PolicyViolation } from "../../../model/policy.js";
import { insertJsonRows } from "../bulk.js";
import { parseJson, type StoreContext } from "../context.js";
import { decodeCursor, pageLimit, toPage } from "../pagination.js";
import type { Page, PageRequest, StoredViolation, ViolationRepository } from "../ports.js";
import type { PolicyViolationsTable } from "../schema.js";
import { optionalInstant, toInstant, toMs } from "../time.js";

/** A violation's identity within its project: the rule and what it is about. */
export function violationSubject(v: PolicyViolation): string {
  const s = v.subject;
  return s.kind === "finding"
    ? `finding:${s.id}:${s.purl}`
    : s.kind === "package"
      ? `package:${s.purl}`
      : "project";
}

const identity = (rule: string, subject: string) => `${rule}\u0000${subject}`;

function toViolation(r: Selectable<PolicyViolationsTable>): StoredViolation {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id),
    violation: parseJson<PolicyViolation>(r.data, {
      rule: r.rule,
      level: r.level as PolicyLevel,
      subject: { kind: "project" },
      message: r.message,
    }),
    detectedAt: toInstant(Number(r.detected_at)),
    ...(r.resolved_at !== null ? { resolvedAt: optionalInstant(Number(r.resolved_at))! } : {}),
  };
}

/** Policy violations per project: current ones, and resolved ones kept as history. */
export class SqlViolationRepository implements ViolationRepository {
  constructor(private readonly ctx: StoreContext) {}

  async reconcile(
    projectId: number,
    violations: readonly PolicyViolation[],
    at: string,
  ): Promise<StoredViolation[]> {
    const ms = toMs(at, "the evaluation time");
    return this.ctx.atomic(async (db) => {
      const current = await db
        .selectFrom("policy_violations")
        .select(["id", "rule", "subject"])
        .where("project_id", "=", projectId)
        .where("resolved_at", "is", null)
        .execute();
      const found = new Map<string, PolicyViolation>();
      for (const v of violations) found.set(identity(v.rule, violationSubject(v)), v);
      const stale = current.filter((c) => !found.has(identity(c.rule, c.subject))).map((c) => Number(c.id));
      for (let i = 0; i < stale.length; i += 1000)
        await db
          .updateTable("policy_violations")
          .set({ resolved_at: ms })
          .where("id", "in", stale.slice(i, i + 1000))
          .execute();
      const known = new Set(current.map((c) => identity(c.rule, c.subject)));
      const added = [...found.entries()].filter(([id]) => !known.has(id)).map(([, v]) => v);
      if (added.length === 0) return [];
      const rows = added.map((v) => [
        projectId,
        v.rule,
        v.level,
        violationSubject(v),
        v.subject.kind === "project" ? null : v.subject.purl,
        v.message,
        JSON.stringify(v),
        ms,
      ]);
      const inserted = await insertJsonRows<{ id: number }>(
        db,
        this.ctx.dialect,
        "policy_violations",
        [
          ["project_id", "int"],
          ["rule", "text"],
          ["level", "text"],
          ["subject", "text"],
          ["purl", "text"],
          ["message", "text"],
          ["data", "text"],
          ["detected_at", "int"],
        ],
        rows,
        ["id"],
      );
      return added.map((violation, i) => ({
        id: Number(inserted[i]?.id),
        projectId,
        violation,
        detectedAt: toInstant(ms),
      }));
    });
  }

  async listForProject(
    projectId: number,
    query: PageRequest & { all?: boolean } = {},
  ): Promise<Page<StoredViolation>> {
    const limit = pageLimit(query.limit);
    const list = `violations:${projectId}:${query.all ? "all" : "current"}`;
    const after = decodeCursor(query.cursor, list, ["number"]);
    let q = this.ctx.db
      .selectFrom("policy_violations")
      .selectAll()
      .where("project_id", "=", projectId)
      .orderBy("id")
      .limit(limit + 1);
    if (!query.all) q = q.where("resolved_at", "is", null);
    if (after) q = q.where("id", ">", after[0] as number);
    return toPage(await q.execute(), limit, toViolation, list, (r) => [Number(r.id)]);
  }

  async counts(projectId: number): Promise<Record<PolicyLevel, number>> {
    const rows = await this.ctx.db
      .selectFrom("policy_violations")
      .select((eb) => ["level", eb.fn.countAll<number>().as("n")])
      .where("project_id", "=", projectId)
      .where("resolved_at", "is", null)
      .groupBy("level")
      .execute();
    const counts: Record<PolicyLevel, number> = { fail: 0, warn: 0, info: 0 };
    for (const r of rows) if (r.level in counts) counts[r.level as PolicyLevel] = Number(r.n);
    return counts;
  }
}
