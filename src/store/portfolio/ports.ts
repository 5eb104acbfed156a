import type { PackageKey } from "../../advisories/ports.js";
import type { Finding } from "../../model/finding.js";
import type { SourceLocation } from "../../model/package.js";
import type { PolicyLevel, PolicyViolation } from "../../model/policy.js";
import type { NotificationStore } from "../../notify/ports.js";

/**
 * The portfolio store as use-cases see it: one async repository per concept, no SQL. SQLite and PostgreSQL
 * implement the same contract (src/store/portfolio/store-contract.test.ts runs on both). Everything one upload
 * or one advisory import changes is written through `store.transaction(async (tx) => ...)`: parse and match
 * first, then write in one short transaction.
 *
 * Conventions of every repository:
 * - Instants are ISO 8601 strings in UTC with milliseconds (`new Date().toISOString()`); they are stored as
 *   epoch milliseconds, so any instant `Date.parse` accepts is taken and read back normalised.
 * - Lists are cursor-paginated: `limit` defaults to 100 and is at most 1,000; `nextCursor` is null on the
 *   last page; a cursor is opaque and only valid for the same list and sort.
 * - `projectPatterns` restricts a cross-project list to projects whose name matches one of the glob
 *   patterns (`*` matches any run of characters, `/` included; everything else is literal; case-sensitive).
 *   Absent = no restriction; an empty array = no project at all.
 * - Failures are `BulwarkError`s: `STORE_FAILED` (unreachable or failing database), `CONFLICT` (a unique
 *   name taken, a row referring to something deleted meanwhile), `USAGE` (an invalid cursor, name or
 *   instant), `STORE_SCHEMA_NEWER` (at open).
 */

/** A moment as ISO 8601 in UTC with milliseconds, e.g. "2025-08-25T10:00:00.000Z". */
export type Instant = string;

/** The default and the largest page size of every list. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Where a list continues. */
export interface PageRequest {
  /** Items per page: default 100, at most 1,000 (larger values are clamped). */
  limit?: number;
  /** The `nextCursor` of the previous page; absent for the first page. */
  cursor?: string;
}

/** One page of a list. */
export interface Page<T> {
  items: T[];
  /** Where the next page starts; null when this is the last page. */
  nextCursor: string | null;
}

/** A count that stops at a bound: `exact` is false when there are more than `count` items. */
export interface BoundedCount {
  count: number;
  exact: boolean;
}

/** Sort direction; each sort key has a natural default (names ascending, everything else descending). */
export type SortDirection = "asc" | "desc";

// ---------------------------------------------------------------------------------------------------------
// Projects

/**
 * Open findings of a project (all its versions), by severity. Suppressed, fixed and withdrawn findings are
 * not counted. `kev` counts open findings whose vulnerability is in CISA's KEV catalogue.
 */
export interface OpenFindingCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
  total: number;
  kev: number;
}

/** A project of the portfolio. */
export interface Project {
  id: number;
  /** Unique; may contain `/` ("payments/api"). */
  name: string;
  description: string;
  /** Sorted, without duplicates. */
  tags: string[];
  createdAt: Instant;
  /** Last change of the project's description, tags or snapshots. */
  updatedAt: Instant;
  /** Absent until the first upload. */
  lastUploadAt?: Instant;
  open: OpenFindingCounts;
  /**
   * Dependency-Track's inherited risk score over open findings, plus KEV weight:
   * 10·critical + 5·high + 3·medium + 1·low + 5·unknown + 10·kev.
   */
  riskScore: number;
}

/** The keys a project list can be sorted by (each backed by an index). */
export const PROJECT_SORTS = [
  "name",
  "riskScore",
  "openFindings",
  "kevFindings",
  "lastUploadAt",
  "createdAt",
  "updatedAt",
] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];

/** Which projects a list, count or total covers. */
export interface ProjectFilter {
  /** Case-insensitive substring of the name. */
  search?: string;
  /** Only projects carrying this tag. */
  tag?: string;
  /** Only projects whose name matches one of these glob patterns (see the module comment). */
  projectPatterns?: readonly string[];
}

export interface ProjectListQuery extends ProjectFilter, PageRequest {
  /** Default "name". */
  sort?: ProjectSort;
  /** Default: ascending for "name", descending for the others. Ties are broken by id. */
  direction?: SortDirection;
}

/** A tag and how many projects carry it. */
export interface TagUsage {
  tag: string;
  projects: number;
}

export interface ProjectRepository {
  /** The project named `name`, created (with `at` as creation time) when absent. Safe under concurrency. */
  ensure(name: string, at: Instant): Promise<{ project: Project; created: boolean }>;
  get(name: string): Promise<Project | undefined>;
  getById(id: number): Promise<Project | undefined>;
  list(query?: ProjectListQuery): Promise<Page<Project>>;
  /** How many projects match, counting at most `max` (default 10,000). */
  count(filter?: ProjectFilter, max?: number): Promise<BoundedCount>;
  /** Open findings summed over the matching projects (read from the per-project counts, not the findings). */
  totals(filter?: ProjectFilter): Promise<OpenFindingCounts & { projects: number }>;
  /** Replaces the description and/or the tags; undefined when the project does not exist. */
  update(
    id: number,
    change: { description?: string; tags?: readonly string[]; at: Instant },
  ): Promise<Project | undefined>;
  /** Deletes the project with its versions, snapshots, components, findings and analyses (not its events). */
  delete(id: number): Promise<boolean>;
  /** Notes an upload: sets `lastUploadAt` and `updatedAt`. */
  recordUpload(id: number, at: Instant): Promise<void>;
  /**
   * Recomputes the open counts and risk score of these projects from their findings (index reads of those
   * projects only). Call it in the transaction that changed their findings.
   */
  refreshCounts(ids: readonly number[]): Promise<void>;
  /**
   * Inside a transaction: waits until no other transaction writes these projects, and holds them until this
   * one ends (PostgreSQL row locks taken in id order, so two writers never deadlock; SQLite transactions
   * already exclude each other). Take it before reading what you are about to reconcile.
   */
  lock(ids: readonly number[]): Promise<void>;
  /** Tags in use, by name, with their project counts. */
  tags(query?: PageRequest): Promise<Page<TagUsage>>;
}

// ---------------------------------------------------------------------------------------------------------
// Project versions and snapshots

/**
 * A branch or release label of a project ("" when uploads name none); its newest snapshot is current and its
 * components are the project version's current components.
 */
export interface ProjectVersionInfo {
  projectId: number;
  version: string;
  currentSnapshotId: number;
  componentCount: number;
  updatedAt: Instant;
}

/** What a new snapshot holds. Compress `content` before the transaction (see snapshot-content.ts). */
export interface NewSnapshot {
  projectId: number;
  version: string;
  createdAt: Instant;
  /** The upload's format ("cyclonedx-json", "spdx-tag-value", "bulwark-inventory", ...). */
  format: string;
  componentCount: number;
  /** The inventory as uploaded or as read, compressed: for history and snapshot diffs. */
  content: Uint8Array;
  /** A digest of the uploaded document (e.g. "sha256:<hex>"), to recognise a repeated upload. */
  digest?: string;
  /** The API key name that uploaded it. */
  uploadedBy?: string;
}

/** A stored snapshot, without its content. */
export interface SnapshotInfo {
  id: number;
  projectId: number;
  version: string;
  createdAt: Instant;
  format: string;
  componentCount: number;
  contentBytes: number;
  digest?: string;
  uploadedBy?: string;
  /** Whether it is its project version's current snapshot. */
  current: boolean;
}

export interface SnapshotRepository {
  /** Stores a snapshot and makes it its project version's current one (creating the version if new). */
  add(snapshot: NewSnapshot): Promise<SnapshotInfo>;
  get(id: number): Promise<SnapshotInfo | undefined>;
  /** The compressed content as stored. */
  content(id: number): Promise<Uint8Array | undefined>;
  /** A project's snapshots, newest first, optionally of one version. */
  list(projectId: number, query?: PageRequest & { version?: string }): Promise<Page<SnapshotInfo>>;
  /** The current snapshot of a project version. */
  current(projectId: number, version: string): Promise<SnapshotInfo | undefined>;
  /** A project's versions, by name. */
  versions(projectId: number, query?: PageRequest): Promise<Page<ProjectVersionInfo>>;
  /**
   * The current snapshot of every version of these projects: inside a transaction, tells a writer whether
   * the components it matched are still current.
   */
  currentOf(
    projectIds: readonly number[],
  ): Promise<{ projectId: number; version: string; snapshotId: number }[]>;
  /**
   * Retention: deletes the snapshots of a project version older than its newest `keep` (at least 1, so the
   * current one stays). Findings keep their snapshot ids as history. Returns how many were deleted.
   */
  prune(projectId: number, version: string, keep: number): Promise<number>;
  /**
   * Removes a project version: its snapshots and components. Its findings stay as history: transition the
   * open ones first (e.g. to "fixed") so that they leave the counts.
   */
  removeVersion(projectId: number, version: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------------------
// Components (the reverse index)

/** A component of a project version's current snapshot, as the upload step derives it. */
export interface NewComponent {
  purl: string;
  /** The OSV ecosystem as found, release suffix included ("npm", "Debian:12"). */
  ecosystem: string;
  name: string;
  version: string;
  /**
   * The advisory index key: ecosystem base and normalised name, computed exactly as the advisory database
   * indexes records (ecosystemBase + normalizeName), so that an import's `touched` keys find these rows.
   */
  key: PackageKey;
  /** Declared by the project itself; undefined when the format does not say. */
  direct?: boolean;
  /** "runtime", "development", "optional", "test", ... as the upload step names them. */
  scope: string;
  licenses: string[];
  locations: SourceLocation[];
  /** A few shortest dependency paths to the component (purls from a direct dependency). */
  paths: string[][];
}

/** A component row of a project version. */
export interface StoredComponent extends NewComponent {
  projectId: number;
  projectVersion: string;
}

/** A component row with its project's name (reverse lookups). */
export interface PortfolioComponent extends StoredComponent {
  projectName: string;
}

export interface ComponentRepository {
  /** Replaces the components of a project version as a whole (call it with the snapshot that made them current). */
  replace(projectId: number, projectVersion: string, components: readonly NewComponent[]): Promise<void>;
  /** A project's current components by (version, purl), optionally of one version. */
  listForProject(
    projectId: number,
    query?: PageRequest & { version?: string },
  ): Promise<Page<StoredComponent>>;
  /**
   * Reverse lookup: every project version holding the package (optionally at one version), by project id.
   * Served by the (ecosystem, name) index.
   */
  byPackage(
    key: PackageKey,
    query?: PageRequest & { version?: string; projectPatterns?: readonly string[] },
  ): Promise<Page<PortfolioComponent>>;
  /**
   * Every row of a package across the portfolio, in batches (keyset reads of the reverse index): what an
   * advisory import re-matches. Bounded by how many project versions hold the package, never a table scan.
   */
  scanPackage(key: PackageKey, options?: { batchSize?: number }): AsyncIterable<StoredComponent[]>;
}

// ---------------------------------------------------------------------------------------------------------
// Findings

export const FINDING_STATES = ["open", "fixed", "withdrawn", "suppressed"] as const;
/**
 * open: affects the current snapshot; fixed: an upload no longer contains the vulnerable version; withdrawn:
 * the advisory was withdrawn or narrowed; suppressed: triaged away (VEX/analysis). Findings are never deleted.
 */
export type FindingState = (typeof FINDING_STATES)[number];

/** What the reconcile step knows about a finding; the store indexes the parts lists and counts need. */
export interface FindingFacts {
  /**
   * The finding as `bulwark scan` gives it (aliases merged, severity, fixed versions, paths). Stored as JSON;
   * its id, aliases, package and severity are also indexed. Leave `details` out: the advisory has it.
   */
  finding: Finding;
  /** The advisory index key of the package (as for components). */
  key: PackageKey;
  /** The vulnerability (or an alias) is in CISA's KEV catalogue. */
  kev: boolean;
  /** EPSS probability (0-1), when known. */
  epss?: number;
  /** The documented priority (higher = first); lists sort by it. */
  priority: number;
  direct?: boolean;
  /** The component's scope ("runtime", "development", ...). */
  scope?: string;
  /** When the advisory was published. */
  publishedAt?: Instant;
  /** When the SLA policy wants it fixed. */
  slaDueAt?: Instant;
}

/** A finding to insert. Identity: (project, project version, purl, vulnerability id); see `insert`. */
export interface NewFinding extends FindingFacts {
  projectId: number;
  projectVersion: string;
  /** Default "open"; "suppressed" when a VEX statement or analysis already covers it. */
  state?: "open" | "suppressed";
  detectedAt: Instant;
  /** The current snapshot when it was detected (by an upload or an advisory import). */
  detectedSnapshotId?: number;
  suppressedAt?: Instant;
}

/** A stored finding with its lifecycle. */
export interface StoredFinding extends FindingFacts {
  /** Stable id. */
  id: number;
  projectId: number;
  projectVersion: string;
  /** = finding.package.purl */
  purl: string;
  /** = finding.id: the primary id of the alias group. */
  vulnerabilityId: string;
  state: FindingState;
  detectedAt: Instant;
  /** Last time it became fixed / withdrawn / suppressed (kept when it reopens: the event log has the rest). */
  fixedAt?: Instant;
  withdrawnAt?: Instant;
  suppressedAt?: Instant;
  detectedSnapshotId?: number;
  /** The snapshot whose upload fixed it. */
  fixedSnapshotId?: number;
  updatedAt: Instant;
}

/** A finding with its project's name (cross-project lists). */
export interface PortfolioFinding extends StoredFinding {
  projectName: string;
}

/** New facts for a stored finding (severity changed, KEV listed, fixed versions known, paths...). */
export interface FindingUpdate {
  id: number;
  facts: FindingFacts;
  at: Instant;
}

/** A state change of findings, with its time. */
export interface FindingTransition {
  state: FindingState;
  at: Instant;
  /** For "fixed": the snapshot whose upload fixed it. */
  snapshotId?: number;
}

export const FINDING_SORTS = ["priority", "severity", "detectedAt"] as const;
/** priority and severity sort highest first, detectedAt newest first; ties by id. */
export type FindingSort = (typeof FINDING_SORTS)[number];

export interface ProjectFindingQuery extends PageRequest {
  /** Default: every state. */
  states?: readonly FindingState[];
  version?: string;
  /** Default "priority". */
  sort?: FindingSort;
}

export interface PortfolioFindingQuery extends PageRequest {
  states?: readonly FindingState[];
  projectPatterns?: readonly string[];
  /** Only this project (by name); `list` only. */
  project?: string;
  /** Only projects carrying this tag; `list` only. */
  tag?: string;
}

export interface FindingRepository {
  /**
   * Inserts findings; returns their ids in the order given. A finding whose identity is already stored is a
   * CONFLICT: reconcile reads the stored ones first and updates or reopens them instead.
   */
  insert(findings: readonly NewFinding[]): Promise<number[]>;
  /** Replaces the facts of stored findings (their identity columns follow `facts.finding`). */
  update(updates: readonly FindingUpdate[]): Promise<void>;
  /**
   * Moves findings to a state and stamps the time of that state (`fixedAt`, `withdrawnAt`, `suppressedAt`;
   * "open" stamps nothing). Findings already in that state are left alone. Returns how many changed.
   */
  transition(ids: readonly number[], change: FindingTransition): Promise<number>;
  get(id: number): Promise<StoredFinding | undefined>;
  /** Every finding of a project version, optionally in some states: what an upload reconciles against. */
  forProjectVersion(
    projectId: number,
    version: string,
    states?: readonly FindingState[],
  ): Promise<StoredFinding[]>;
  /**
   * Every finding of a package across the portfolio, in batches, optionally in some states: what an advisory
   * import reconciles against (index on (ecosystem, name, state)).
   */
  scanPackage(
    key: PackageKey,
    options?: { states?: readonly FindingState[]; batchSize?: number },
  ): AsyncIterable<StoredFinding[]>;
  /** One project's findings. */
  listForProject(projectId: number, query?: ProjectFindingQuery): Promise<Page<StoredFinding>>;
  /**
   * Reverse lookup: the findings of a vulnerability, by any of its ids (primary or alias), across the
   * portfolio, now and in the past (every state unless `states` says otherwise). By finding id.
   */
  byVulnerability(vulnerabilityId: string, query?: PortfolioFindingQuery): Promise<Page<PortfolioFinding>>;
  /** Every finding of the portfolio by id (exports), optionally restricted. */
  list(query?: PortfolioFindingQuery): Promise<Page<PortfolioFinding>>;
}

// ---------------------------------------------------------------------------------------------------------
// Triage

export const ANALYSIS_STATES = [
  "in_triage",
  "exploitable",
  "not_affected",
  "false_positive",
  "resolved",
] as const;
export type AnalysisState = (typeof ANALYSIS_STATES)[number];

/** A triage decision about a finding (CycloneDX / OpenVEX vocabulary, validated by the caller). */
export interface FindingAnalysis {
  findingId: number;
  state: AnalysisState;
  /** e.g. "code_not_reachable", "vulnerable_code_not_in_execute_path". */
  justification?: string;
  /** CycloneDX responses ("will_not_fix", "update", ...). */
  responses: string[];
  detail?: string;
  /** The API key name that decided it. */
  by: string;
  at: Instant;
}

export interface AnalysisRepository {
  /** Makes this the finding's current analysis and appends it to the history. */
  record(analysis: FindingAnalysis): Promise<void>;
  /** The current analyses of these findings (absent ones are not in the map). */
  current(findingIds: readonly number[]): Promise<Map<number, FindingAnalysis>>;
  /** A finding's analyses, newest first. */
  history(findingId: number, query?: PageRequest): Promise<Page<FindingAnalysis>>;
  /** The current analyses of a project's findings, by finding id (VEX export). */
  listForProject(projectId: number, query?: PageRequest): Promise<Page<FindingAnalysis>>;
}

// ---------------------------------------------------------------------------------------------------------
// Events (outbox)

/** Something that happened, for notifications, incidents and metrics to consume. */
export interface NewEvent {
  /** "finding.new", "finding.fixed", "finding.withdrawn", "upload.accepted", "advisory.affects-portfolio", ... */
  type: string;
  occurredAt: Instant;
  projectId?: number;
  /** JSON-serialisable. */
  payload: unknown;
}

export interface StoredEvent extends NewEvent {
  /** Increases with every event and in commit order: a reader that saw id N never later sees an id < N. */
  id: number;
}

export interface EventRepository {
  /**
   * Appends events; returns their ids in the order given. Inside a transaction, append last: from the first
   * append until commit, other writers' appends wait (that is what keeps ids in commit order), and taking
   * project locks after it could deadlock with a writer that locks in the other order.
   */
  append(events: readonly NewEvent[]): Promise<number[]>;
  /** Events with id > `after`, oldest first, at most `limit` (default 100, max 1,000). */
  read(query: {
    after: number;
    limit?: number;
    types?: readonly string[];
    projectId?: number;
  }): Promise<StoredEvent[]>;
  /** The newest event id (0 when there is none). */
  lastId(): Promise<number>;
  /** A consumer's saved position (0 when it has none): consumers on any server instance share it. */
  cursor(consumer: string): Promise<number>;
  saveCursor(consumer: string, cursor: number, at: Instant): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// Access: API keys and the audit log

export const API_KEY_ROLES = ["admin", "write", "read"] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** An API key as stored: never the key itself, only its hash (see api-key-hash.ts). */
export interface ApiKey {
  id: number;
  /** Unique among active keys. */
  name: string;
  role: ApiKeyRole;
  /** Glob patterns of the project names it may see; empty = every project. */
  projectPatterns: string[];
  createdAt: Instant;
  createdBy?: string;
  lastUsedAt?: Instant;
  revokedAt?: Instant;
}

export interface NewApiKey {
  name: string;
  role: ApiKeyRole;
  projectPatterns: readonly string[];
  /** hashApiKey(key) */
  hash: string;
  createdAt: Instant;
  createdBy?: string;
}

export interface ApiKeyRepository {
  /** CONFLICT when an active key already has this name. */
  create(key: NewApiKey): Promise<ApiKey>;
  /** The key with this hash, revoked ones included (the caller refuses those). */
  byHash(hash: string): Promise<ApiKey | undefined>;
  get(id: number): Promise<ApiKey | undefined>;
  /** Keys by id; revoked ones only when asked. */
  list(query?: PageRequest & { includeRevoked?: boolean }): Promise<Page<ApiKey>>;
  /** Revokes an active key; false when absent or already revoked. */
  revoke(id: number, at: Instant): Promise<boolean>;
  /**
   * Records a use. Writes only when the stored `lastUsedAt` is older than `minIntervalMs` (default 60 s), so
   * busy keys do not turn every request into a write.
   */
  touch(id: number, at: Instant, minIntervalMs?: number): Promise<void>;
  /** Whether an active key exists (of this role, when given): bootstrapping the first admin. */
  anyActive(role?: ApiKeyRole): Promise<boolean>;
}

/** One write through the API. */
export interface AuditEntry {
  at: Instant;
  /** The API key name (or "cli" for local commands). */
  keyName: string;
  /** "upload", "analysis.update", "key.create", "advisories.import", ... */
  action: string;
  /** What it acted on (a project name, a key name, a source). */
  target: string;
  details?: unknown;
}

export interface AuditRepository {
  append(entries: readonly AuditEntry[]): Promise<void>;
  /** Newest first. */
  list(
    query?: PageRequest & { keyName?: string; action?: string; since?: Instant },
  ): Promise<Page<AuditEntry & { id: number }>>;
}

// ---------------------------------------------------------------------------------------------------------
// Advisory imports

/** What one advisory import did to the portfolio (the API's answer, kept as history). */
export interface AdvisoryImportRecord {
  at: Instant;
  /** A URL, "upload", a file name. */
  source: string;
  imported: number;
  replaced: number;
  newFindings: number;
  closedFindings: number;
  affectedProjects: number;
  ms: number;
}

export interface AdvisoryImportRepository {
  record(entry: AdvisoryImportRecord): Promise<number>;
  /** Newest first. */
  list(query?: PageRequest): Promise<Page<AdvisoryImportRecord & { id: number }>>;
}

// ---------------------------------------------------------------------------------------------------------
// The patch-response clock (issue 12): SLA due dates, metrics, daily history, breach reports

/** Days after detection within which a finding must be fixed, by KEV listing and severity. */
export interface SlaDays {
  kev: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
}

/** The severities the clock reports on, highest first. */
export const CLOCK_SEVERITIES = ["critical", "high", "medium", "low", "unknown"] as const;
export type ClockSeverity = (typeof CLOCK_SEVERITIES)[number];

/** Which projects a clock figure covers: all of them, one by name, a tag, a key's patterns (combined by AND). */
export interface ClockFilter {
  /** Exactly this project. */
  project?: string;
  tag?: string;
  projectPatterns?: readonly string[];
}

/** Median and 90th percentile (nearest rank) of durations, in days; null when nothing was measured. */
export interface DurationStats {
  median: number | null;
  p90: number | null;
  count: number;
}

/** The clock of a set of projects at one moment. */
export interface ClockMetrics {
  projects: number;
  open: OpenFindingCounts;
  /** Time to detect (detected - published), for advisories published after the project's first upload. */
  mttd: Record<ClockSeverity, DurationStats>;
  /** Time to remediate (fixed - detected) of fixed findings. */
  mttr: Record<ClockSeverity, DurationStats>;
  /** Age (now - detected) of open findings. */
  age: Record<ClockSeverity, DurationStats>;
  /** Open findings past their SLA due date, by severity, and how many of them are KEV-listed. */
  slaBreaches: Record<ClockSeverity, number> & { total: number; kev: number };
  /** The vulnerabilities detected in the most projects over the last 7 days (at most 5, most projects first). */
  topAdvisories: TopAdvisory[];
}

/** A vulnerability by the number of projects it was detected in lately. */
export interface TopAdvisory {
  id: string;
  summary?: string;
  severity: ClockSeverity;
  projects: number;
}

/** One day of a series: open findings by severity, KEV-listed open findings, SLA breaches, projects. */
export interface MetricPoint extends OpenFindingCounts {
  /** The UTC day, "YYYY-MM-DD". */
  day: string;
  breached: number;
  projects: number;
}

/** A breached finding not yet announced by an `sla.breach` event. */
export interface BreachedFinding extends PortfolioFinding {
  projectTags: string[];
}

export interface ClockRepository {
  /**
   * Sets every finding's `slaDueAt` (detected + the policy's days for its KEV listing and severity) where it
   * differs: of these findings (new or changed ones), or of the whole portfolio (a changed policy at start).
   * Returns how many changed.
   */
  applySla(policy: SlaDays, findingIds?: readonly number[]): Promise<number>;
  /** The clock now (`now` decides breaches and ages), computed in SQL over the filter's projects. */
  metrics(filter: ClockFilter, now: Instant): Promise<ClockMetrics>;
  /**
   * Writes today's history point of these projects (all of them when absent), of the portfolio and of every
   * tag (sums of the projects' figures) — only where it differs from the scope's last point (history is
   * compacted: a row per scope per day with a change). Returns how many rows were written.
   */
  recordHistory(now: Instant, projectIds?: readonly number[]): Promise<number>;
  /** The daily series from `from` to `to` (UTC days, inclusive; at most 3,660 days), each day filled. */
  history(filter: ClockFilter, from: Instant, to: Instant): Promise<MetricPoint[]>;
  /** Open findings past their due date at `now` never reported before, by project, at most `limit`. */
  unreportedBreaches(now: Instant, limit?: number): Promise<BreachedFinding[]>;
  /**
   * Remembers that these findings' breaches were reported, so they are never reported again. Returns the
   * ids this call marked (not those another writer marked first): report only those.
   */
  markBreachesReported(findingIds: readonly number[], at: Instant): Promise<number[]>;
}

// ---------------------------------------------------------------------------------------------------------
// Incidents (issue 12)

export const INCIDENT_STATUSES = ["open", "closed"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * A project's status in an incident: affected → acknowledged → fixing → fixed, or not_affected (with a VEX
 * justification). Any status may follow any other (a fixed project that regresses is affected again).
 */
export const INCIDENT_PROJECT_STATUSES = [
  "affected",
  "acknowledged",
  "fixing",
  "fixed",
  "not_affected",
] as const;
export type IncidentProjectStatus = (typeof INCIDENT_PROJECT_STATUSES)[number];

/** A coordinated answer to one vulnerability across the portfolio. */
export interface Incident {
  id: number;
  /** The primary id of the vulnerability's alias group. */
  vulnerabilityId: string;
  /** Its other ids. */
  aliases: string[];
  title: string;
  owner: string;
  status: IncidentStatus;
  openedAt: Instant;
  closedAt?: Instant;
  /** The API key name, or "rule:<name>" when an auto-open rule opened it. */
  openedBy: string;
  updatedAt: Instant;
}

export interface NewIncident {
  vulnerabilityId: string;
  aliases: readonly string[];
  title: string;
  owner: string;
  openedAt: Instant;
  openedBy: string;
}

/** One project's part in an incident. */
export interface IncidentProject {
  incidentId: number;
  projectId: number;
  /** Kept: a deleted project's part stays as history. */
  projectName: string;
  status: IncidentProjectStatus;
  /** For not_affected: the VEX justification (e.g. "vulnerable_code_not_in_execute_path"). */
  justification?: string;
  detail?: string;
  /** When it joined the incident. */
  affectedAt: Instant;
  changedAt: Instant;
  /** Key name, or "upload" / "rule:..." for automatic changes. */
  changedBy: string;
  /** Last time it became fixed. */
  fixedAt?: Instant;
}

/** A status change of a project in an incident (the project joins the incident when absent). */
export interface IncidentProjectChange {
  incidentId: number;
  projectId: number;
  projectName: string;
  status: IncidentProjectStatus;
  justification?: string;
  detail?: string;
  at: Instant;
  by: string;
}

export const INCIDENT_EVENT_TYPES = [
  "opened",
  "project.affected",
  "project.status",
  "project.fixed",
  "closed",
  "reopened",
] as const;
export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/** One line of an incident's timeline. */
export interface NewIncidentEvent {
  incidentId: number;
  at: Instant;
  type: IncidentEventType;
  projectId?: number;
  projectName?: string;
  /** The project's new status (project.* events). */
  status?: IncidentProjectStatus;
  /** Key name, "upload", "rule:<name>". */
  by: string;
  /** JSON-serialisable (justification, detail, snapshot...). */
  details?: Record<string, unknown>;
}

export interface IncidentEvent extends NewIncidentEvent {
  id: number;
}

export interface IncidentRepository {
  /** Opens an incident, indexed under its id and every alias. */
  create(incident: NewIncident): Promise<Incident>;
  get(id: number): Promise<Incident | undefined>;
  /** Newest first, optionally of one status. */
  list(query?: PageRequest & { status?: IncidentStatus }): Promise<Page<Incident>>;
  /** The open incidents of a vulnerability, by any of these ids (primary or alias). */
  openFor(vulnerabilityIds: readonly string[]): Promise<Incident[]>;
  /** Closes (or reopens) an incident; undefined when it does not exist. */
  setStatus(id: number, status: IncidentStatus, at: Instant): Promise<Incident | undefined>;
  /** Sets a project's status (adding the project when absent); stamps `fixedAt` when it becomes fixed. */
  setProject(change: IncidentProjectChange): Promise<IncidentProject>;
  /** An incident's projects by name, optionally restricted to project-name patterns. */
  projects(incidentId: number, query?: { projectPatterns?: readonly string[] }): Promise<IncidentProject[]>;
  /** The open incidents a project takes part in, with its part (uploads move it to fixed). */
  openForProject(projectId: number): Promise<{ incident: Incident; project: IncidentProject }[]>;
  appendEvents(events: readonly NewIncidentEvent[]): Promise<void>;
  /**
   * An incident's timeline, oldest first. With `projectPatterns`, events about other projects are left out
   * (events about the incident itself stay).
   */
  events(
    incidentId: number,
    query?: PageRequest & { projectPatterns?: readonly string[] },
  ): Promise<Page<IncidentEvent>>;
}

// ---------------------------------------------------------------------------------------------------------
// Audit ranking, risk results and policy violations (issue 12)

/** A package the portfolio depends on, with what ranks it (docs/ranking.md). */
export interface PackageUsage {
  key: PackageKey;
  /** A purl of the package as a project holds it (any version). */
  samplePurl: string;
  /** Projects holding it in any current snapshot. */
  projects: number;
  /** Projects declaring it directly (in some version). */
  directProjects: number;
  /** Projects holding it only transitively (the rest, `projects - direct - transitive`, do not say). */
  transitiveProjects: number;
  /** Distinct vulnerabilities with open findings on it. */
  openVulnerabilities: number;
  /** Open findings on it (vulnerability x project version). */
  openFindings: number;
  /** Distinct KEV-listed vulnerabilities with open findings on it. */
  kevVulnerabilities: number;
  /** From the newest uploaded `bulwark risk` result: criticality 0-1 and risk score 0-10. */
  criticality?: number;
  riskScore?: number;
  /** The ranking score (higher = audit first). */
  score: number;
}

export interface RankingQuery extends PageRequest {
  /** Only packages of this ecosystem (the advisory index's ecosystem: "npm", "PyPI", "Maven", ...). */
  ecosystem?: string;
  /**
   * Counts over these projects only (a scoped key): computed by grouping those projects' rows on request,
   * instead of reading the materialised usage.
   */
  projectPatterns?: readonly string[];
}

export interface RankingRepository {
  /** Packages by score (highest first), ties by ecosystem and name. */
  list(query?: RankingQuery): Promise<Page<PackageUsage>>;
}

/** A `bulwark risk` result about a package (its repository), as uploaded. */
export interface NewRiskResult {
  key: PackageKey;
  /** The package URL it was posted for, without a version. */
  purl: string;
  repository?: string;
  /** The report's score (0-10) or null when no check was evaluated. */
  score: number | null;
  /** Criticality 0-1, or null. */
  criticality: number | null;
  /** When the assessment ran (the upload time when the report does not say). */
  checkedAt: Instant;
  uploadedAt: Instant;
  uploadedBy: string;
  /** What the API shows of the report (checks with scores, criticality, languages): JSON-serialisable. */
  summary: unknown;
}

export interface StoredRiskResult extends NewRiskResult {
  id: number;
}

export interface RiskResultRepository {
  /** Stores a result and makes it its package's current one (ranking, policies). */
  record(result: NewRiskResult): Promise<StoredRiskResult>;
  /** The current result of each of these packages that has one. */
  current(keys: readonly PackageKey[]): Promise<StoredRiskResult[]>;
}

/** A policy violation of a project as stored. */
export interface StoredViolation {
  id: number;
  projectId: number;
  violation: PolicyViolation;
  detectedAt: Instant;
  /** Set once a later evaluation no longer finds it. */
  resolvedAt?: Instant;
}

export interface ViolationRepository {
  /**
   * Makes `violations` the project's current set: ones not yet current (same rule and subject) are added,
   * current ones no longer found are resolved at `at`. Returns the added ones.
   */
  reconcile(
    projectId: number,
    violations: readonly PolicyViolation[],
    at: Instant,
  ): Promise<StoredViolation[]>;
  /** A project's violations, current ones by default (`all` includes resolved ones), by id. */
  listForProject(projectId: number, query?: PageRequest & { all?: boolean }): Promise<Page<StoredViolation>>;
  /** Current violations of a project by level. */
  counts(projectId: number): Promise<Record<PolicyLevel, number>>;
}

// ---------------------------------------------------------------------------------------------------------
// Server settings

/** Values every server instance sharing the store must agree on (e.g. the session secret). */
export interface SettingRepository {
  /**
   * The value of `name`; when there is none yet, stores `create()`'s. Concurrent callers (instances starting
   * together) all get the one value that was stored first.
   */
  getOrCreate(name: string, create: () => string): Promise<string>;
}

// ---------------------------------------------------------------------------------------------------------
// The store

/** Every repository, bound to the store or to one transaction. */
export interface PortfolioRepositories {
  settings: SettingRepository;
  projects: ProjectRepository;
  snapshots: SnapshotRepository;
  components: ComponentRepository;
  findings: FindingRepository;
  analyses: AnalysisRepository;
  events: EventRepository;
  apiKeys: ApiKeyRepository;
  audit: AuditRepository;
  advisoryImports: AdvisoryImportRepository;
  clock: ClockRepository;
  incidents: IncidentRepository;
  /** Notification rules, queue, digests, log and destination state (src/notify's port). */
  notifications: NotificationStore;
  ranking: RankingRepository;
  riskResults: RiskResultRepository;
  violations: ViolationRepository;
}

/** Which database holds the portfolio. */
export type StoreKind = "sqlite" | "postgres";

/** The portfolio store: repositories, transactions, health. */
export interface PortfolioStore extends PortfolioRepositories {
  readonly kind: StoreKind;
  /** Where it is: a file path, or the database URL without its password. */
  readonly location: string;
  /** The schema version in use (the newest migration this build applied). */
  readonly schemaVersion: number;
  /**
   * Runs `work` in one transaction: everything it writes through `tx` is committed when it returns, nothing
   * when it throws (or the process dies). Use only `tx` inside (on SQLite the store's own repositories wait
   * for the transaction to end). Keep it short: no network or parsing inside.
   */
  transaction<T>(work: (tx: PortfolioRepositories) => Promise<T>): Promise<T>;
  /** Resolves when the database answers (readiness probes); STORE_FAILED otherwise. */
  ping(): Promise<void>;
  /**
   * A mark that differs from every earlier one once anything was written to the store, by this process or
   * another sharing the database; cheap (no table is read). Read it before reading data: an answer kept
   * under it is current for as long as the mark is the same.
   */
  changeMark(): Promise<string>;
  /** Closes connections; the store is unusable afterwards. */
  close(): Promise<void>;
}
