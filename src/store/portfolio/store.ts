import { type Kysely, sql } from "kysely";
import { StoreContext } from "./context.js";
import type { PortfolioRepositories, PortfolioStore, StoreKind } from "./ports.js";
import { SqlApiKeyRepository, SqlAuditRepository } from "./repositories/access.js";
import { SqlAdvisoryImportRepository } from "./repositories/advisory-imports.js";
import { SqlAnalysisRepository } from "./repositories/analyses.js";
import { SqlClockRepository } from "./repositories/clock.js";
import { SqlComponentRepository } from "./repositories/components.js";
import { SqlEventRepository } from "./repositories/events.js";
import { SqlFindingRepository } from "./repositories/findings.js";
import { SqlIncidentRepository } from "./repositories/incidents.js";
import { SqlNotificationStore } from "./repositories/notifications.js";
import { recountStaleUsage } from "./repositories/package-usage.js";
import { SqlProjectRepository } from "./repositories/projects.js";
import { SqlRankingRepository } from "./repositories/ranking.js";
import { SqlRiskResultRepository } from "./repositories/risk-results.js";
import { SqlSettingRepository } from "./repositories/settings.js";
import { SqlSnapshotRepository } from "./repositories/snapshots.js";
import { SqlViolationRepository } from "./repositories/violations.js";
import type { PortfolioDb } from "./schema.js";
import type { SqlDialect } from "./sql-dialect.js";

/** The repositories bound to one context (the store's pool or one transaction). */
export function repositories(ctx: StoreContext): PortfolioRepositories {
  return {
    projects: new SqlProjectRepository(ctx),
    snapshots: new SqlSnapshotRepository(ctx),
    components: new SqlComponentRepository(ctx),
    findings: new SqlFindingRepository(ctx),
    analyses: new SqlAnalysisRepository(ctx),
    events: new SqlEventRepository(ctx),
    apiKeys: new SqlApiKeyRepository(ctx),
    audit: new SqlAuditRepository(ctx),
    advisoryImports: new SqlAdvisoryImportRepository(ctx),
    clock: new SqlClockRepository(ctx),
    incidents: new SqlIncidentRepository(ctx),
    notifications: new SqlNotificationStore(ctx),
    ranking: new SqlRankingRepository(ctx),
    riskResults: new SqlRiskResultRepository(ctx),
    violations: new SqlViolationRepository(ctx),
    settings: new SqlSettingRepository(ctx),
  };
}

/** The portfolio store over Kysely, for either database. Built by openPortfolioStore. */
export class SqlPortfolioStore implements PortfolioStore {
  readonly projects;
  readonly snapshots;
  readonly components;
  readonly findings;
  readonly analyses;
  readonly events;
  readonly apiKeys;
  readonly audit;
  readonly advisoryImports;
  readonly clock;
  readonly incidents;
  readonly notifications;
  readonly ranking;
  readonly riskResults;
  readonly violations;
  readonly settings;

  constructor(
    private readonly db: Kysely<PortfolioDb>,
    private readonly dialect: SqlDialect,
    readonly location: string,
    readonly schemaVersion: number,
    /** Releases what the store holds beside its connections (SQLite's checkpointer). */
    private readonly release?: () => Promise<void>,
  ) {
    const repos = repositories(new StoreContext(db, dialect, false));
    this.projects = repos.projects;
    this.snapshots = repos.snapshots;
    this.components = repos.components;
    this.findings = repos.findings;
    this.analyses = repos.analyses;
    this.events = repos.events;
    this.apiKeys = repos.apiKeys;
    this.audit = repos.audit;
    this.advisoryImports = repos.advisoryImports;
    this.clock = repos.clock;
    this.incidents = repos.incidents;
    this.notifications = repos.notifications;
    this.ranking = repos.ranking;
    this.riskResults = repos.riskResults;
    this.violations = repos.violations;
    this.settings = repos.settings;
  }

  get kind(): StoreKind {
    return this.dialect.kind;
  }

  transaction<T>(work: (tx: PortfolioRepositories) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const ctx = new StoreContext(trx, this.dialect, true);
      const result = await work(repositories(ctx));
      await recountStaleUsage(ctx);
      return result;
    });
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async changeMark(): Promise<string> {
    // SQLite: rows this connection changed (total_changes) and commits by other connections (data_version).
    // PostgreSQL: the snapshot names the next transaction id and those in progress, and only transactions
    // that write get an id, so it moves with every write of any session — of the whole cluster, other
    // databases' included (a needless miss for a cache, never a stale answer).
    const query =
      this.dialect.kind === "sqlite"
        ? sql<{
            mark: string;
          }>`select total_changes() || ':' || (select data_version from pragma_data_version) as mark`
        : sql<{ mark: string }>`select pg_current_snapshot()::text as mark`;
    const { rows } = await query.execute(this.db);
    return String(rows[0]?.mark);
  }

  async close(): Promise<void> {
    await this.release?.();
    await this.db.destroy();
  }
}
