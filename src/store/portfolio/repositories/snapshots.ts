import { idChunks } from "../bulk.js";
import { checkText, type StoreContext } from "../context.js";
import { decodeCursor, pageLimit, toPage } from "../pagination.js";
import type {
  NewSnapshot,
  Page,
  PageRequest,
  ProjectVersionInfo,
  SnapshotInfo,
  SnapshotRepository,
} from "../ports.js";
import { toInstant, toMs } from "../time.js";
import { applyHoldChange, projectHolds } from "./package-usage.js";

/** Longest version label accepted. */
export const MAX_VERSION_LABEL = 256;

// Every column but the content (which only content() reads).
const INFO_COLUMNS = [
  "s.id",
  "s.project_id",
  "s.version",
  "s.created_at",
  "s.format",
  "s.component_count",
  "s.content_bytes",
  "s.digest",
  "s.uploaded_by",
  "v.current_snapshot_id",
] as const;

interface InfoRow {
  id: number;
  project_id: number;
  version: string;
  created_at: number;
  format: string;
  component_count: number;
  content_bytes: number;
  digest: string | null;
  uploaded_by: string | null;
  current_snapshot_id: number | null;
}

function toInfo(row: InfoRow): SnapshotInfo {
  return {
    id: row.id,
    projectId: row.project_id,
    version: row.version,
    createdAt: toInstant(row.created_at),
    format: row.format,
    componentCount: row.component_count,
    contentBytes: row.content_bytes,
    digest: row.digest ?? undefined,
    uploadedBy: row.uploaded_by ?? undefined,
    current: row.current_snapshot_id === row.id,
  };
}

/** Snapshots (history under retention) and project versions with their current snapshot. */
export class SqlSnapshotRepository implements SnapshotRepository {
  constructor(private readonly ctx: StoreContext) {}

  private infos() {
    return this.ctx.db
      .selectFrom("snapshots as s")
      .leftJoin("project_versions as v", (join) =>
        join.onRef("v.project_id", "=", "s.project_id").onRef("v.version", "=", "s.version"),
      )
      .select(INFO_COLUMNS);
  }

  async add(snapshot: NewSnapshot): Promise<SnapshotInfo> {
    checkText("a version label", snapshot.version, { max: MAX_VERSION_LABEL, allowEmpty: true });
    const createdAt = toMs(snapshot.createdAt, "the snapshot time");
    const content = Buffer.from(
      snapshot.content.buffer,
      snapshot.content.byteOffset,
      snapshot.content.byteLength,
    );
    return this.ctx.atomic(async (db) => {
      const { id } = await db
        .insertInto("snapshots")
        .values({
          project_id: snapshot.projectId,
          version: snapshot.version,
          created_at: createdAt,
          format: snapshot.format,
          component_count: snapshot.componentCount,
          content,
          content_bytes: content.byteLength,
          digest: snapshot.digest ?? null,
          uploaded_by: snapshot.uploadedBy ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("project_versions")
        .values({
          project_id: snapshot.projectId,
          version: snapshot.version,
          current_snapshot_id: id,
          component_count: snapshot.componentCount,
          updated_at: createdAt,
        })
        .onConflict((oc) =>
          oc.columns(["project_id", "version"]).doUpdateSet((eb) => ({
            current_snapshot_id: eb.ref("excluded.current_snapshot_id"),
            component_count: eb.ref("excluded.component_count"),
            updated_at: eb.ref("excluded.updated_at"),
          })),
        )
        .execute();
      return {
        id,
        projectId: snapshot.projectId,
        version: snapshot.version,
        createdAt: toInstant(createdAt),
        format: snapshot.format,
        componentCount: snapshot.componentCount,
        contentBytes: content.byteLength,
        digest: snapshot.digest,
        uploadedBy: snapshot.uploadedBy,
        current: true,
      };
    });
  }

  async get(id: number): Promise<SnapshotInfo | undefined> {
    const row = await this.infos().where("s.id", "=", id).executeTakeFirst();
    return row ? toInfo(row) : undefined;
  }

  async content(id: number): Promise<Uint8Array | undefined> {
    const row = await this.ctx.db
      .selectFrom("snapshots")
      .select("content")
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? new Uint8Array(row.content) : undefined;
  }

  async list(projectId: number, query: PageRequest & { version?: string } = {}): Promise<Page<SnapshotInfo>> {
    const limit = pageLimit(query.limit);
    const list = `snapshots:${projectId}:${query.version ?? "*"}`;
    const after = decodeCursor(query.cursor, list, ["number"]);
    let q = this.infos()
      .where("s.project_id", "=", projectId)
      .orderBy("s.id", "desc")
      .limit(limit + 1);
    if (query.version !== undefined) q = q.where("s.version", "=", query.version);
    if (after) q = q.where("s.id", "<", after[0] as number);
    return toPage(await q.execute(), limit, toInfo, list, (r) => [r.id]);
  }

  async current(projectId: number, version: string): Promise<SnapshotInfo | undefined> {
    const row = await this.infos()
      .where("v.project_id", "=", projectId)
      .where("v.version", "=", version)
      .whereRef("s.id", "=", "v.current_snapshot_id")
      .executeTakeFirst();
    return row ? toInfo(row) : undefined;
  }

  async versions(projectId: number, query: PageRequest = {}): Promise<Page<ProjectVersionInfo>> {
    const limit = pageLimit(query.limit);
    const list = `versions:${projectId}`;
    const after = decodeCursor(query.cursor, list, ["string"]);
    let q = this.ctx.db
      .selectFrom("project_versions")
      .selectAll()
      .where("project_id", "=", projectId)
      .orderBy("version")
      .limit(limit + 1);
    if (after) q = q.where("version", ">", after[0] as string);
    return toPage(
      await q.execute(),
      limit,
      (r) => ({
        projectId: r.project_id,
        version: r.version,
        currentSnapshotId: r.current_snapshot_id,
        componentCount: r.component_count,
        updatedAt: toInstant(r.updated_at),
      }),
      list,
      (r) => [r.version],
    );
  }

  async currentOf(
    projectIds: readonly number[],
  ): Promise<{ projectId: number; version: string; snapshotId: number }[]> {
    const out: { projectId: number; version: string; snapshotId: number }[] = [];
    for (const chunk of idChunks([...new Set(projectIds)])) {
      const rows = await this.ctx.db
        .selectFrom("project_versions")
        .select(["project_id", "version", "current_snapshot_id"])
        .where("project_id", "in", chunk)
        .orderBy("project_id")
        .orderBy("version")
        .execute();
      for (const r of rows)
        out.push({ projectId: r.project_id, version: r.version, snapshotId: r.current_snapshot_id });
    }
    return out;
  }

  async prune(projectId: number, version: string, keep: number): Promise<number> {
    const kept = Math.max(1, Math.floor(keep));
    return this.ctx.atomic(async (db) => {
      const newest = await db
        .selectFrom("snapshots")
        .select("id")
        .where("project_id", "=", projectId)
        .where("version", "=", version)
        .orderBy("id", "desc")
        .limit(kept)
        .execute();
      const oldestKept = newest[newest.length - 1]?.id;
      if (oldestKept === undefined || newest.length < kept) return 0;
      const result = await db
        .deleteFrom("snapshots")
        .where("project_id", "=", projectId)
        .where("version", "=", version)
        .where("id", "<", oldestKept)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  async removeVersion(projectId: number, version: string): Promise<boolean> {
    return this.ctx.atomic(async (db) => {
      const before = await projectHolds(db, this.ctx.dialect, projectId);
      await db
        .deleteFrom("components")
        .where("project_id", "=", projectId)
        .where("project_version", "=", version)
        .execute();
      await applyHoldChange(this.ctx, db, before, await projectHolds(db, this.ctx.dialect, projectId));
      await db
        .deleteFrom("snapshots")
        .where("project_id", "=", projectId)
        .where("version", "=", version)
        .execute();
      const result = await db
        .deleteFrom("project_versions")
        .where("project_id", "=", projectId)
        .where("version", "=", version)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }
}
