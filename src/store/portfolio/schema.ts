import type { Generated } from "kysely";

// The tables as Kysely sees them (see migrations/ for their DDL and indexes, docs/store.md for their meaning).
// Instants are epoch milliseconds (bigint in PostgreSQL, integer in SQLite; read back as numbers), booleans are
// 0/1, JSON is text: the same values in both databases, so queries and mappers are written once.

export interface ProjectsTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  created_at: number;
  updated_at: number;
  /** 0 = never uploaded (keeps the sort column NOT NULL). */
  last_upload_at: Generated<number>;
  open_critical: Generated<number>;
  open_high: Generated<number>;
  open_medium: Generated<number>;
  open_low: Generated<number>;
  open_unknown: Generated<number>;
  open_total: Generated<number>;
  open_kev: Generated<number>;
  risk_score: Generated<number>;
}

export interface ProjectTagsTable {
  project_id: number;
  tag: string;
}

export interface ProjectVersionsTable {
  project_id: number;
  version: string;
  current_snapshot_id: number;
  component_count: number;
  updated_at: number;
}

export interface SnapshotsTable {
  id: Generated<number>;
  project_id: number;
  version: string;
  created_at: number;
  format: string;
  component_count: number;
  content: Uint8Array;
  content_bytes: number;
  digest: string | null;
  uploaded_by: string | null;
}

export interface ComponentsTable {
  id: Generated<number>;
  project_id: number;
  project_version: string;
  purl: string;
  ecosystem: string;
  name: string;
  version: string;
  key_ecosystem: string;
  key_name: string;
  /** 1 direct, 0 transitive, NULL unknown. */
  direct: number | null;
  scope: string;
  licenses: string;
  locations: string;
  paths: string;
}

export interface FindingsTable {
  id: Generated<number>;
  project_id: number;
  project_version: string;
  purl: string;
  vulnerability_id: string;
  key_ecosystem: string;
  key_name: string;
  package_version: string;
  severity: string;
  /** 4 critical ... 0 unknown: sorts and filters without a CASE. */
  severity_rank: number;
  severity_score: number | null;
  kev: number;
  epss: number | null;
  priority: number;
  direct: number | null;
  scope: string | null;
  state: string;
  published_at: number | null;
  detected_at: number;
  /** Time to detect (detected - published) when the advisory came after the project's first upload. */
  ttd_ms: Generated<number | null>;
  fixed_at: number | null;
  withdrawn_at: number | null;
  suppressed_at: number | null;
  sla_due_at: number | null;
  detected_snapshot_id: number | null;
  fixed_snapshot_id: number | null;
  updated_at: number;
  /** The Finding as JSON. */
  data: string;
}

export interface FindingIdsTable {
  finding_id: number;
  vuln_id: string;
}

export interface FindingAnalysesTable {
  finding_id: number;
  project_id: number;
  state: string;
  justification: string | null;
  responses: string;
  detail: string | null;
  by: string;
  at: number;
}

export interface FindingAnalysisHistoryTable {
  id: Generated<number>;
  finding_id: number;
  state: string;
  justification: string | null;
  responses: string;
  detail: string | null;
  by: string;
  at: number;
}

export interface EventsTable {
  id: Generated<number>;
  type: string;
  occurred_at: number;
  project_id: number | null;
  payload: string;
}

export interface EventConsumersTable {
  name: string;
  cursor: number;
  updated_at: number;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  role: string;
  project_patterns: string;
  hash: string;
  created_at: number;
  created_by: string | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  key_name: string;
  action: string;
  target: string;
  details: string | null;
}

export interface AdvisoryImportsTable {
  id: Generated<number>;
  at: number;
  source: string;
  imported: number;
  replaced: number;
  new_findings: number;
  closed_findings: number;
  affected_projects: number;
  ms: number;
}

export interface MetricPointsTable {
  /** "*", "tag:<tag>" or "project:<id>". */
  scope: string;
  /** Days since 1970-01-01 (UTC). */
  day: number;
  projects: number;
  open_critical: number;
  open_high: number;
  open_medium: number;
  open_low: number;
  open_unknown: number;
  open_total: number;
  open_kev: number;
  breached: number;
}

export interface SlaBreachReportsTable {
  finding_id: number;
  reported_at: number;
}

export interface IncidentsTable {
  id: Generated<number>;
  vulnerability_id: string;
  /** JSON array. */
  aliases: string;
  title: string;
  owner: string;
  status: string;
  opened_at: number;
  closed_at: number | null;
  opened_by: string;
  updated_at: number;
}

export interface IncidentIdsTable {
  incident_id: number;
  vuln_id: string;
}

export interface IncidentProjectsTable {
  incident_id: number;
  project_id: number;
  project_name: string;
  status: string;
  justification: string | null;
  detail: string | null;
  affected_at: number;
  changed_at: number;
  changed_by: string;
  fixed_at: number | null;
}

export interface IncidentEventsTable {
  id: Generated<number>;
  incident_id: number;
  at: number;
  type: string;
  project_id: number | null;
  project_name: string | null;
  status: string | null;
  by: string;
  /** JSON. */
  details: string | null;
}

export interface RiskResultsTable {
  id: Generated<number>;
  key_ecosystem: string;
  key_name: string;
  purl: string;
  repository: string | null;
  score: number | null;
  criticality: number | null;
  checked_at: number;
  uploaded_at: number;
  uploaded_by: string;
  /** The report's checks (name, score), criticality and languages as JSON: what the API shows. */
  summary: string;
}

export interface PackageRiskTable {
  key_ecosystem: string;
  key_name: string;
  result_id: number;
  score: number | null;
  criticality: number | null;
}

/** One row per package the portfolio holds (see repositories/package-usage.ts). */
export interface PackageUsageTable {
  key_ecosystem: string;
  key_name: string;
  /** A purl of the package as some project holds it (display). */
  sample_purl: string;
  projects: number;
  direct_projects: number;
  transitive_projects: number;
  open_vulns: Generated<number>;
  open_findings: Generated<number>;
  kev_vulns: Generated<number>;
  criticality: number | null;
  risk_score: number | null;
  score: Generated<number>;
}

export interface PolicyViolationsTable {
  id: Generated<number>;
  project_id: number;
  rule: string;
  level: string;
  /** The violation's identity within its rule: "finding:<vuln id>:<purl>", "package:<purl>", "project". */
  subject: string;
  purl: string | null;
  message: string;
  /** The PolicyViolation as JSON. */
  data: string;
  detected_at: number;
  resolved_at: number | null;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

/** Every table of the portfolio store. */
export interface ServerSettingsTable {
  name: string;
  value: string;
}

export interface PortfolioDb {
  server_settings: ServerSettingsTable;
  projects: ProjectsTable;
  project_tags: ProjectTagsTable;
  project_versions: ProjectVersionsTable;
  snapshots: SnapshotsTable;
  components: ComponentsTable;
  findings: FindingsTable;
  finding_ids: FindingIdsTable;
  finding_analyses: FindingAnalysesTable;
  finding_analysis_history: FindingAnalysisHistoryTable;
  events: EventsTable;
  event_consumers: EventConsumersTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  advisory_imports: AdvisoryImportsTable;
  metric_points: MetricPointsTable;
  sla_breach_reports: SlaBreachReportsTable;
  incidents: IncidentsTable;
  incident_ids: IncidentIdsTable;
  incident_projects: IncidentProjectsTable;
  incident_events: IncidentEventsTable;
  risk_results: RiskResultsTable;
  package_risk: PackageRiskTable;
  package_usage: PackageUsageTable;
  policy_violations: PolicyViolationsTable;
  bulwark_schema_migrations: SchemaMigrationsTable;
}
