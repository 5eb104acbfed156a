import type { Selectable } from "kysely";
import { hasCode } from "../../../model/errors.js";
import { insertJsonRows } from "../bulk.js";
import { checkText, parseJson, type StoreContext } from "../context.js";
import { invalidInput, StoreError } from "../errors.js";
import { checkPattern } from "../name-pattern.js";
import { decodeCursor, pageLimit, toPage } from "../pagination.js";
import {
  API_KEY_ROLES,
  type ApiKey,
  type ApiKeyRepository,
  type ApiKeyRole,
  type AuditEntry,
  type AuditRepository,
  type Instant,
  type NewApiKey,
  type Page,
  type PageRequest,
} from "../ports.js";
import type { ApiKeysTable } from "../schema.js";
import { optionalInstant, toInstant, toMs } from "../time.js";

function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role as ApiKeyRole,
    projectPatterns: parseJson(row.project_patterns, []),
    createdAt: toInstant(row.created_at),
    createdBy: row.created_by ?? undefined,
    lastUsedAt: optionalInstant(row.last_used_at),
    revokedAt: optionalInstant(row.revoked_at),
  };
}

/** API keys, stored as hashes. */
export class SqlApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly ctx: StoreContext) {}

  async create(key: NewApiKey): Promise<ApiKey> {
    checkText("a key name", key.name, { max: 128 });
    if (!API_KEY_ROLES.includes(key.role)) {
      throw invalidInput(`${JSON.stringify(key.role)} is not a role`, { roles: API_KEY_ROLES });
    }
    if (!/^[0-9a-f]{64}$/.test(key.hash))
      throw invalidInput("an API key hash is 64 lowercase hex digits (sha-256)");
    const patterns = key.projectPatterns.map(checkPattern);
    try {
      const row = await this.ctx.db
        .insertInto("api_keys")
        .values({
          name: key.name,
          role: key.role,
          project_patterns: JSON.stringify(patterns),
          hash: key.hash,
          created_at: toMs(key.createdAt, "the creation time"),
          created_by: key.createdBy ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toApiKey(row);
    } catch (error) {
      if (hasCode(error, "CONFLICT")) {
        throw new StoreError(`an active API key named ${JSON.stringify(key.name)} already exists`, {
          code: "CONFLICT",
          details: { name: key.name },
          hint: "revoke the existing key first, or choose another name",
          cause: error,
        });
      }
      throw error;
    }
  }

  async byHash(hash: string): Promise<ApiKey | undefined> {
    const row = await this.ctx.db
      .selectFrom("api_keys")
      .selectAll()
      .where("hash", "=", hash)
      .executeTakeFirst();
    return row ? toApiKey(row) : undefined;
  }

  async get(id: number): Promise<ApiKey | undefined> {
    const row = await this.ctx.db.selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toApiKey(row) : undefined;
  }

  async list(query: PageRequest & { includeRevoked?: boolean } = {}): Promise<Page<ApiKey>> {
    const limit = pageLimit(query.limit);
    const list = `api-keys:${query.includeRevoked ? "all" : "active"}`;
    const after = decodeCursor(query.cursor, list, ["number"]);
    let q = this.ctx.db
      .selectFrom("api_keys")
      .selectAll()
      .orderBy("id")
      .limit(limit + 1);
    if (!query.includeRevoked) q = q.where("revoked_at", "is", null);
    if (after) q = q.where("id", ">", after[0] as number);
    return toPage(await q.execute(), limit, toApiKey, list, (r) => [r.id]);
  }

  async revoke(id: number, at: Instant): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable("api_keys")
      .set({ revoked_at: toMs(at, "the revocation time") })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async touch(id: number, at: Instant, minIntervalMs = 60_000): Promise<void> {
    const ms = toMs(at, "the use time");
    await this.ctx.db
      .updateTable("api_keys")
      .set({ last_used_at: ms })
      .where("id", "=", id)
      .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", ms - minIntervalMs)]))
      .execute();
  }

  async anyActive(role?: ApiKeyRole): Promise<boolean> {
    let q = this.ctx.db.selectFrom("api_keys").select("id").where("revoked_at", "is", null).limit(1);
    if (role !== undefined) q = q.where("role", "=", role);
    return (await q.executeTakeFirst()) !== undefined;
  }
}

/** The audit log of writes. */
export class SqlAuditRepository implements AuditRepository {
  constructor(private readonly ctx: StoreContext) {}

  async append(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((e) => [
      toMs(e.at, "the audit time"),
      checkText("a key name", e.keyName, { max: 128 }),
      checkText("an audit action", e.action, { max: 128 }),
      e.target,
      e.details === undefined ? null : JSON.stringify(e.details),
    ]);
    await insertJsonRows(
      this.ctx.db,
      this.ctx.dialect,
      "audit_log",
      [
        ["at", "int"],
        ["key_name", "text"],
        ["action", "text"],
        ["target", "text"],
        ["details", "text"],
      ],
      rows,
    );
  }

  async list(
    query: PageRequest & { keyName?: string; action?: string; since?: Instant } = {},
  ): Promise<Page<AuditEntry & { id: number }>> {
    const limit = pageLimit(query.limit);
    const list = `audit:${query.keyName ?? ""}:${query.action ?? ""}:${query.since ?? ""}`;
    const after = decodeCursor(query.cursor, list, ["number"]);
    let q = this.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .orderBy("id", "desc")
      .limit(limit + 1);
    if (query.keyName !== undefined) q = q.where("key_name", "=", query.keyName);
    if (query.action !== undefined) q = q.where("action", "=", query.action);
    if (query.since !== undefined) q = q.where("at", ">=", toMs(query.since, "since"));
    if (after) q = q.where("id", "<", after[0] as number);
    return toPage(
      await q.execute(),
      limit,
      (r) => ({
        id: r.id,
        at: toInstant(r.at),
        keyName: r.key_name,
        action: r.action,
        target: r.target,
        details: r.details === null ? undefined : JSON.parse(r.details),
      }),
      list,
      (r) => [r.id],
    );
  }
}
