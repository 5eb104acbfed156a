import type { Selectable } from "kysely";
import type { PackageKey } from "../../../advisories/ports.js";
import { parseJson, type StoreContext } from "../context.js";
import type { NewRiskResult, RiskResultRepository, StoredRiskResult } from "../ports.js";
import type { RiskResultsTable } from "../schema.js";
import { toInstant, toMs } from "../time.js";
import { applyPackageRisk } from "./package-usage.js";

function toResult(r: Selectable<RiskResultsTable>): StoredRiskResult {
  return {
    id: Number(r.id),
    key: { ecosystem: r.key_ecosystem, name: r.key_name },
    purl: r.purl,
    ...(r.repository !== null ? { repository: r.repository } : {}),
    score: r.score === null ? null : Number(r.score),
    criticality: r.criticality === null ? null : Number(r.criticality),
    checkedAt: toInstant(Number(r.checked_at)),
    uploadedAt: toInstant(Number(r.uploaded_at)),
    uploadedBy: r.uploaded_by,
    summary: parseJson(r.summary, {}),
  };
}

/** Uploaded `bulwark risk` results: every one kept as history, the newest per package current. */
export class SqlRiskResultRepository implements RiskResultRepository {
  constructor(private readonly ctx: StoreContext) {}

  async record(result: NewRiskResult): Promise<StoredRiskResult> {
    const checkedAt = toMs(result.checkedAt, "the check time");
    const uploadedAt = toMs(result.uploadedAt, "the upload time");
    return this.ctx.atomic(async (db) => {
      const row = await db
        .insertInto("risk_results")
        .values({
          key_ecosystem: result.key.ecosystem,
          key_name: result.key.name,
          purl: result.purl,
          repository: result.repository ?? null,
          score: result.score,
          criticality: result.criticality,
          checked_at: checkedAt,
          uploaded_at: uploadedAt,
          uploaded_by: result.uploadedBy,
          summary: JSON.stringify(result.summary ?? {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const current = { result_id: Number(row.id), score: result.score, criticality: result.criticality };
      await db
        .insertInto("package_risk")
        .values({ key_ecosystem: result.key.ecosystem, key_name: result.key.name, ...current })
        .onConflict((oc) => oc.columns(["key_ecosystem", "key_name"]).doUpdateSet(current))
        .execute();
      await applyPackageRisk(db, this.ctx.dialect, result.key, result);
      return toResult(row);
    });
  }

  async current(keys: readonly PackageKey[]): Promise<StoredRiskResult[]> {
    const out: StoredRiskResult[] = [];
    const unique = [...new Map(keys.map((k) => [`${k.ecosystem}\u0000${k.name}`, k])).values()];
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      const rows = await this.ctx.db
        .selectFrom("package_risk as pr")
        .innerJoin("risk_results as r", "r.id", "pr.result_id")
        .selectAll("r")
        .where((eb) =>
          eb.or(
            chunk.map((k) =>
              eb.and([eb("pr.key_ecosystem", "=", k.ecosystem), eb("pr.key_name", "=", k.name)]),
            ),
          ),
        )
        .execute();
      out.push(...rows.map(toResult));
    }
    return out;
  }
}
