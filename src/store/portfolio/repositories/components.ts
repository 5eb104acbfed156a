import type { Selectable } from "kysely";
import type { PackageKey } from "../../../advisories/ports.js";
import { insertJsonRows, type JsonColumn } from "../bulk.js";
import { checkText, flag, optionalFlag, parseJson, type StoreContext } from "../context.js";
import { invalidInput } from "../errors.js";
import { afterKey, decodeCursor, pageLimit, toPage } from "../pagination.js";
import type {
  ComponentRepository,
  NewComponent,
  Page,
  PageRequest,
  PortfolioComponent,
  StoredComponent,
} from "../ports.js";
import type { ComponentsTable } from "../schema.js";
import { allOf, patternsFilter } from "./filters.js";
import { applyHoldChange, projectHolds } from "./package-usage.js";
import { MAX_VERSION_LABEL } from "./snapshots.js";

const COLUMNS = [
  ["project_id", "int"],
  ["project_version", "text"],
  ["purl", "text"],
  ["ecosystem", "text"],
  ["name", "text"],
  ["version", "text"],
  ["key_ecosystem", "text"],
  ["key_name", "text"],
  ["direct", "int"],
  ["scope", "text"],
  ["licenses", "text"],
  ["locations", "text"],
  ["paths", "text"],
] as const satisfies readonly JsonColumn<keyof ComponentsTable>[];

/** Largest batch scanPackage reads at once. */
export const MAX_SCAN_BATCH = 10_000;

function jsonList<T>(list: readonly T[]): string {
  return list.length === 0 ? "[]" : JSON.stringify(list);
}

/** The row of a component, in COLUMNS order. */
export function componentRow(projectId: number, projectVersion: string, c: NewComponent): unknown[] {
  return [
    projectId,
    projectVersion,
    c.purl,
    c.ecosystem,
    c.name,
    c.version,
    c.key.ecosystem,
    c.key.name,
    flag(c.direct),
    c.scope,
    jsonList(c.licenses),
    jsonList(c.locations),
    jsonList(c.paths),
  ];
}

function toComponent(row: Selectable<ComponentsTable>): StoredComponent {
  return {
    projectId: row.project_id,
    projectVersion: row.project_version,
    purl: row.purl,
    ecosystem: row.ecosystem,
    name: row.name,
    version: row.version,
    key: { ecosystem: row.key_ecosystem, name: row.key_name },
    direct: optionalFlag(row.direct),
    scope: row.scope,
    licenses: parseJson(row.licenses, []),
    locations: parseJson(row.locations, []),
    paths: parseJson(row.paths, []),
  };
}

/** The current components of every project version: the portfolio's reverse index. */
export class SqlComponentRepository implements ComponentRepository {
  constructor(private readonly ctx: StoreContext) {}

  async replace(
    projectId: number,
    projectVersion: string,
    components: readonly NewComponent[],
  ): Promise<void> {
    checkText("a version label", projectVersion, { max: MAX_VERSION_LABEL, allowEmpty: true });
    const rows = components.map((c) => componentRow(projectId, projectVersion, c));
    await this.ctx.atomic(async (db) => {
      const before = await projectHolds(db, this.ctx.dialect, projectId);
      await db
        .deleteFrom("components")
        .where("project_id", "=", projectId)
        .where("project_version", "=", projectVersion)
        .execute();
      await insertJsonRows(db, this.ctx.dialect, "components", COLUMNS, rows);
      await applyHoldChange(this.ctx, db, before, await projectHolds(db, this.ctx.dialect, projectId));
    });
  }

  async listForProject(
    projectId: number,
    query: PageRequest & { version?: string } = {},
  ): Promise<Page<StoredComponent>> {
    const limit = pageLimit(query.limit);
    const list = `components:${projectId}:${query.version ?? "*"}`;
    const after = decodeCursor(query.cursor, list, ["string", "string"]);
    let q = this.ctx.db
      .selectFrom("components")
      .selectAll()
      .where("project_id", "=", projectId)
      .orderBy("project_version")
      .orderBy("purl")
      .limit(limit + 1);
    if (query.version !== undefined) q = q.where("project_version", "=", query.version);
    if (after) q = q.where(afterKey(["project_version", "purl"], after, "asc"));
    return toPage(await q.execute(), limit, toComponent, list, (r) => [r.project_version, r.purl]);
  }

  async byPackage(
    key: PackageKey,
    query: PageRequest & { version?: string; projectPatterns?: readonly string[] } = {},
  ): Promise<Page<PortfolioComponent>> {
    const limit = pageLimit(query.limit);
    const list = `package:${key.ecosystem}:${key.name}:${query.version ?? "*"}`;
    const after = decodeCursor(query.cursor, list, ["number", "number"]);
    const conditions = [];
    const scoped = patternsFilter(this.ctx.dialect, "p.name", query.projectPatterns);
    if (scoped) conditions.push(scoped);
    if (after) conditions.push(afterKey(["c.project_id", "c.id"], after, "asc"));
    let q = this.ctx.db
      .selectFrom("components as c")
      .innerJoin("projects as p", "p.id", "c.project_id")
      .selectAll("c")
      .select("p.name as project_name")
      .where("c.key_ecosystem", "=", key.ecosystem)
      .where("c.key_name", "=", key.name)
      .where(allOf(conditions))
      .orderBy("c.project_id")
      .orderBy("c.id")
      .limit(limit + 1);
    if (query.version !== undefined) q = q.where("c.version", "=", query.version);
    return toPage(
      await q.execute(),
      limit,
      (r) => ({ ...toComponent(r), projectName: r.project_name }),
      list,
      (r) => [r.project_id, r.id],
    );
  }

  async *scanPackage(
    key: PackageKey,
    options: { batchSize?: number } = {},
  ): AsyncIterable<StoredComponent[]> {
    const batch = options.batchSize ?? 2000;
    if (!Number.isInteger(batch) || batch < 1 || batch > MAX_SCAN_BATCH) {
      throw invalidInput(`a batch size is an integer from 1 to ${MAX_SCAN_BATCH}`, { batchSize: batch });
    }
    let after: [number, number] | undefined;
    for (;;) {
      let q = this.ctx.db
        .selectFrom("components")
        .selectAll()
        .where("key_ecosystem", "=", key.ecosystem)
        .where("key_name", "=", key.name)
        .orderBy("project_id")
        .orderBy("id")
        .limit(batch);
      if (after) q = q.where(afterKey(["project_id", "id"], after, "asc"));
      const rows = await q.execute();
      if (rows.length === 0) return;
      yield rows.map(toComponent);
      if (rows.length < batch) return;
      const last = rows[rows.length - 1] as (typeof rows)[number];
      after = [last.project_id, last.id];
    }
  }
}
