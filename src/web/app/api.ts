// The one typed client of the Bulwark API the dashboard uses. Every request goes to this origin with the
// session cookie; every change carries the session's CSRF token. Shapes mirror src/server/schemas.ts; the
// ones marked "issue 12" follow that description until its routes land and are adapted then.

export type Role = "read" | "write" | "admin";
export type SeverityRating = "critical" | "high" | "medium" | "low" | "unknown";
export const SEVERITIES: readonly SeverityRating[] = ["critical", "high", "medium", "low", "unknown"];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Session {
  name: string;
  role: Role;
  projects: string[];
  via: "session" | "key";
  expiresAt?: string;
  csrfToken?: string;
}

export interface OpenCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
  total: number;
  kev: number;
}

export interface Project {
  name: string;
  description: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  lastUploadAt?: string;
  open: OpenCounts;
  riskScore: number;
}

export const PROJECT_SORTS = [
  "riskScore",
  "openFindings",
  "kevFindings",
  "lastUploadAt",
  "name",
  "createdAt",
  "updatedAt",
] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];

export interface Severity {
  rating: SeverityRating;
  score?: number;
  vector?: string;
  type: string;
}

export interface Analysis {
  state: string;
  justification?: string;
  responses: string[];
  detail?: string;
  by: string;
  at: string;
}

export interface Remediation {
  fixVersion?: string;
  advice?: string;
  via?: string[];
  majorUpgrade?: boolean;
  unfixed?: string[];
}

export interface Finding {
  id: number;
  project?: string;
  projectVersion: string;
  state: "open" | "fixed" | "withdrawn" | "suppressed";
  vulnerability: string;
  aliases: string[];
  purl: string;
  summary: string;
  severity: Severity;
  fixed: string[];
  paths: string[][];
  locations: { path: string; line?: number }[];
  references: { type: string; url: string }[];
  remediation?: Remediation;
  direct?: boolean;
  scope?: string;
  kev: boolean;
  epss?: number;
  priority: number;
  approximate?: boolean;
  publishedAt?: string;
  detectedAt: string;
  fixedAt?: string;
  withdrawnAt?: string;
  suppressedAt?: string;
  slaDueAt?: string;
  analysis?: Analysis;
}

export const FINDING_STATES = ["open", "suppressed", "fixed", "withdrawn", "all"] as const;
export type FindingStateFilter = (typeof FINDING_STATES)[number];
export const FINDING_SORTS = ["priority", "severity", "detectedAt"] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

/** Triage vocabulary (CycloneDX analysis states and justifications), as the server validates it. */
export const ANALYSIS_STATES = [
  "in_triage",
  "exploitable",
  "not_affected",
  "false_positive",
  "resolved",
] as const;
export const JUSTIFICATIONS = [
  "code_not_present",
  "code_not_reachable",
  "requires_configuration",
  "requires_dependency",
  "requires_environment",
  "protected_by_compiler",
  "protected_at_runtime",
  "protected_at_perimeter",
  "protected_by_mitigating_control",
] as const;
export const RESPONSES = [
  "can_not_fix",
  "will_not_fix",
  "update",
  "rollback",
  "workaround_available",
] as const;

export interface TriageChange {
  state: (typeof ANALYSIS_STATES)[number];
  justification?: (typeof JUSTIFICATIONS)[number];
  responses?: (typeof RESPONSES)[number][];
  detail?: string;
}

export interface Component {
  purl: string;
  ecosystem: string;
  name: string;
  version: string;
  projectVersion: string;
  direct?: boolean;
  scope: string;
  licenses: string[];
  locations: { path: string; line?: number }[];
  paths: string[][];
  project?: string;
}

export interface Snapshot {
  id: number;
  version: string;
  createdAt: string;
  format: string;
  componentCount: number;
  contentBytes: number;
  digest?: string;
  uploadedBy?: string;
  current: boolean;
}

export interface DiffComponent {
  purl: string;
  ecosystem: string;
  name: string;
  version: string;
}

export interface SnapshotDiff {
  from: Snapshot;
  to: Snapshot;
  components: {
    added: DiffComponent[];
    removed: DiffComponent[];
    changed: { ecosystem: string; name: string; from: string; to: string }[];
  };
  findings: { new: Finding[]; fixed: Finding[] };
}

export interface Advisory {
  id: string;
  aliases: string[];
  summary?: string;
  details?: string;
  severity: Severity;
  published?: string;
  modified?: string;
  withdrawn?: string;
  affected: { ecosystem: string; name: string; ranges: unknown[] }[];
  references: { type: string; url: string }[];
  records: string[];
}

export interface VulnerabilityAnswer {
  advisory: Advisory | null;
  findings: Page<Finding>;
}

export interface ApiKey {
  id: number;
  name: string;
  role: Role;
  projects: string[];
  createdAt: string;
  createdBy?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  keyName: string;
  action: string;
  target: string;
  details?: unknown;
}

// Issue 12 (incidents and the patch-response clock): provisional shapes, adapted when the routes land.

/** Median and 90th percentile (nearest rank) of a duration, in days; null when nothing was measured. */
export interface DurationStats {
  median: number | null;
  p90: number | null;
  count: number;
}

/** GET /api/v1/metrics: the patch-response clock now, for the caller's projects (or one project, or a tag). */
export interface Metrics {
  at: string;
  projects: number;
  open: OpenCounts;
  /** Time to detect (detected - published), for advisories published after the project's first upload. */
  mttd: Record<SeverityRating, DurationStats>;
  /** Time to remediate (fixed - detected). */
  mttr: Record<SeverityRating, DurationStats>;
  /** Age of open findings. */
  age: Record<SeverityRating, DurationStats>;
  /** Open findings past their SLA due date, by severity; `kev` counts the KEV-listed ones among them. */
  slaBreaches: OpenCounts;
  sla: SlaPolicy;
  /** The advisories that newly affected the most projects this week (not served yet). */
  /** Detected in the most projects over the last 7 days (at most 5). */
  topAdvisories: { id: string; summary?: string; severity: SeverityRating; projects: number }[];
}

/** One UTC day of GET /api/v1/metrics/history. */
export interface MetricsPoint extends OpenCounts {
  /** "YYYY-MM-DD" */
  at: string;
  projects: number;
  /** Open findings past their SLA due date that day. */
  breached: number;
}

export const INCIDENT_PROJECT_STATUSES = [
  "affected",
  "acknowledged",
  "fixing",
  "fixed",
  "not_affected",
] as const;
export type IncidentProjectStatus = (typeof INCIDENT_PROJECT_STATUSES)[number];

/** An incident as lists give it (`GET /api/v1/incidents`); counts cover the projects the key may see. */
export interface Incident {
  id: number;
  title: string;
  /** The primary id of the alias group. */
  vulnerability: string;
  aliases: string[];
  /** "" when none was named. */
  owner: string;
  status: "open" | "closed";
  openedAt: string;
  closedAt?: string;
  /** Key name, or "rule:kev" / "rule:cvss" / "rule:id" / "rule:package". */
  openedBy: string;
  updatedAt: string;
  /** Only on the detail. */
  severity?: SeverityRating;
  kev?: boolean;
  counts?: Partial<Record<IncidentProjectStatus, number>>;
}

/** One current copy of the vulnerable package in a project (the blast radius). */
export interface IncidentPackage {
  projectVersion: string;
  purl: string;
  ecosystem: string;
  name: string;
  version: string;
  direct?: boolean;
  paths: string[][];
  /** Versions fixing this vulnerability. */
  fixed: string[];
  /** Smallest version fixing every known vulnerability of the package. */
  fixVersion?: string;
  /** What the project must move: the package itself, or the direct dependencies it comes through. */
  move: string[];
  advice?: string;
  state: string;
  kev: boolean;
  severity: string;
  detectedAt: string;
}

export interface IncidentProject {
  project: string;
  status: IncidentProjectStatus;
  justification?: string;
  detail?: string;
  affectedAt: string;
  changedAt: string;
  changedBy: string;
  fixedAt?: string;
  /** From the project's `owner:<team>` tags. */
  owners: string[];
  packages: IncidentPackage[];
}

export interface IncidentDetail extends Incident {
  cvss?: number;
  kev: boolean;
  projects: IncidentProject[];
  packages: { package: string; versions: string[]; projects: number }[];
  timeline: {
    at: string;
    type: string;
    project?: string;
    status?: string;
    by: string;
    details?: Record<string, unknown>;
  }[];
  progress: {
    points: { at: string; projects: number; fixed: number; notAffected: number; fixedShare: number }[];
    fixedShare: number;
    containedAt?: string;
    timeToContainMs?: number;
  };
  plan: {
    layers: { project: string; status: string; owners: string[]; dependsOn: string[] }[][];
    cycles: string[];
  };
}

/** OpenVEX justifications of not_affected (the server also takes CycloneDX's). */
export const VEX_JUSTIFICATIONS = [
  "component_not_present",
  "vulnerable_code_not_present",
  "vulnerable_code_not_in_execute_path",
  "vulnerable_code_cannot_be_controlled_by_adversary",
  "inline_mitigations_already_exist",
] as const;

/** A row of `GET /api/v1/components/ranking` (docs/ranking.md). */
export interface RankedComponent {
  ecosystem: string;
  name: string;
  /** Without a version. */
  purl: string;
  projects: number;
  directProjects: number;
  /** Projects holding it only transitively (the rest of `projects` do not say). */
  transitiveProjects: number;
  /** Distinct vulnerabilities with open findings on it. */
  openVulnerabilities: number;
  openFindings: number;
  /** KEV-listed vulnerabilities among them. */
  kev: number;
  /** From an uploaded `bulwark risk` result: criticality 0-1, risk score 0-10. */
  criticality?: number;
  riskScore?: number;
  score: number;
}

/** A policy violation of a project (`GET /api/v1/projects/{name}/violations`). */
export interface Violation {
  id: number;
  rule: string;
  level: "fail" | "warn" | "info";
  subject: { kind: "finding" | "package" | "project"; id?: string; purl?: string; name?: string };
  message: string;
  detectedAt: string;
  resolvedAt?: string;
}

export interface Violations extends Page<Violation> {
  /** False when the server runs without a policy. */
  policy: boolean;
  counts: { fail: number; warn: number; info: number };
}

/** The events a notification rule can subscribe to (the server's NOTIFICATION_EVENT_TYPES). */
export const NOTIFICATION_EVENTS = [
  "finding.new",
  "finding.fixed",
  "advisory.affects-portfolio",
  "sla.breach",
  "incident.opened",
  "incident.changed",
  "incident.closed",
  "upload.rejected",
  "policy.violation",
] as const;

/** A destination's health: a paused one gets nothing until resumed, and says why. */
export interface DestinationState {
  status: "active" | "paused";
  reason?: string;
  pausedAt?: string;
  consecutiveFailures: number;
  lastError?: string;
  lastSuccessAt?: string;
  lastFailureAt?: string;
}

/** A rule as the server shows it: never the webhook secret, nor a Slack/Teams URL's path. */
export interface NotificationRule {
  id: string;
  name: string;
  events: string[];
  filter: { projects: string[]; tags: string[]; minSeverity?: string; kevOnly: boolean };
  destination: { type: "webhook" | "slack" | "teams" | "email"; url?: string; to?: string[] };
  delivery: "immediate" | "daily" | "weekly";
  /** The project patterns of the key that made it (empty: every project). */
  scope: string[];
  createdBy?: string;
  createdAt: string;
  state: DestinationState;
  /** GET of one rule: messages waiting. */
  queued?: number;
}

/** What POST /api/v1/notification-rules takes. */
export interface NewNotificationRule {
  name: string;
  events: string[];
  filter?: { projects?: string[]; tags?: string[]; minSeverity?: string; kevOnly?: boolean };
  destination:
    | { type: "webhook"; url: string; secret?: string }
    | { type: "slack" | "teams"; url: string }
    | { type: "email"; to: string[] };
  delivery?: "immediate" | "daily" | "weekly";
}

export interface DeliveryLogEntry {
  id: number;
  ruleId: string;
  deliveryId: string;
  /** The stable id receivers de-duplicate on (evt-… or digest-…). */
  messageId: string;
  messageType: string;
  attempt: number;
  startedAt: string;
  durationMs: number;
  outcome: "delivered" | "retrying" | "gave-up" | "rejected" | "paused";
  status?: number;
  error?: string;
  nextAttemptAt?: string;
}

/** Days after detection within which a finding must be fixed (bulwark.toml [server.sla]). */
export interface SlaPolicy {
  kev: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
}

// ---------------------------------------------------------------------------------------------------------

/** An error answer of the API (an RFC 9457 problem), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The server has no such route: a feature this server does not offer (yet). */
  get missingRoute(): boolean {
    return this.status === 404 && this.message.startsWith("no route ");
  }
}

let csrfToken: string | undefined;
const unauthorizedListeners = new Set<() => void>();

/** Remembers the session's CSRF token, sent with every change. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when the server answers 401 (the session ended): the app shows the sign-in page. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

type Query = Record<string, string | number | boolean | undefined | null>;

/** A path with its query string, leaving out empty values. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function call<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  options: { query?: Query; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "NETWORK", "the server cannot be reached");
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const problem = (body ?? {}) as { code?: string; detail?: string; details?: Record<string, unknown> };
    const error = new ApiError(
      response.status,
      problem.code ?? "HTTP",
      problem.detail ?? `the server answered ${response.status}`,
      problem.details,
    );
    if (response.status === 401 && path !== "/api/v1/session") for (const l of unauthorizedListeners) l();
    throw error;
  }
  return body as T;
}

const enc = encodeURIComponent;
const projectPath = (name: string) => `/api/v1/projects/${enc(name)}`;
type Paging = { limit?: number; cursor?: string | null };

/** The API, one function per route the dashboard uses. */
export const api = {
  session: {
    /** The signed-in caller; undefined when nobody is (the server answers 204). */
    get: (signal?: AbortSignal) => call<Session | undefined>("GET", "/api/v1/session", { signal }),
    signIn: (key: string) => call<Session>("POST", "/api/v1/session", { body: { key } }),
    signOut: () => call<void>("DELETE", "/api/v1/session"),
  },
  projects: {
    list: (
      q: Paging & { search?: string; tag?: string; sort?: ProjectSort; direction?: "asc" | "desc" },
      signal?: AbortSignal,
    ) => call<Page<Project>>("GET", "/api/v1/projects", { query: q, signal }),
    get: (name: string, signal?: AbortSignal) => call<Project>("GET", projectPath(name), { signal }),
    update: (name: string, change: { description?: string; tags?: string[] }) =>
      call<Project>("PATCH", projectPath(name), { body: change }),
    findings: (
      name: string,
      q: Paging & { state?: FindingStateFilter; sort?: FindingSort; version?: string },
      signal?: AbortSignal,
    ) => call<Page<Finding>>("GET", `${projectPath(name)}/findings`, { query: q, signal }),
    triage: (name: string, id: number, change: TriageChange) =>
      call<Finding>("PUT", `${projectPath(name)}/findings/${id}/analysis`, { body: change }),
    triageHistory: (name: string, id: number, signal?: AbortSignal) =>
      call<Page<Analysis>>("GET", `${projectPath(name)}/findings/${id}/analysis`, { signal }),
    components: (name: string, q: Paging & { version?: string }, signal?: AbortSignal) =>
      call<Page<Component>>("GET", `${projectPath(name)}/components`, { query: q, signal }),
    snapshots: (name: string, q: Paging, signal?: AbortSignal) =>
      call<Page<Snapshot>>("GET", `${projectPath(name)}/snapshots`, { query: q, signal }),
    diff: (name: string, from: number, to: number, signal?: AbortSignal) =>
      call<SnapshotDiff>("GET", `${projectPath(name)}/snapshots/diff`, { query: { from, to }, signal }),
    violations: (name: string, q: Paging, signal?: AbortSignal) =>
      call<Violations>("GET", `${projectPath(name)}/violations`, { query: q, signal }),
    /** A link that downloads the project's VEX (a plain GET: the cookie authenticates it). */
    vexUrl: (name: string, format: "openvex" | "cyclonedx") =>
      withQuery(`${projectPath(name)}/vex`, { format }),
  },
  vulnerability: (id: string, q: Paging, signal?: AbortSignal) =>
    call<VulnerabilityAnswer>("GET", `/api/v1/vulnerabilities/${enc(id)}`, { query: q, signal }),
  componentsByPurl: (purl: string, q: Paging, signal?: AbortSignal) =>
    call<Page<Component>>("GET", "/api/v1/components", { query: { ...q, purl }, signal }),
  keys: {
    list: (q: Paging & { includeRevoked?: boolean }, signal?: AbortSignal) =>
      call<Page<ApiKey>>("GET", "/api/v1/keys", { query: q, signal }),
    create: (key: { name: string; role: Role; projects?: string[] }) =>
      call<ApiKey & { key: string }>("POST", "/api/v1/keys", { body: key }),
    revoke: (id: number) => call<void>("DELETE", `/api/v1/keys/${id}`),
  },
  audit: (q: Paging & { action?: string; keyName?: string }, signal?: AbortSignal) =>
    call<Page<AuditEntry>>("GET", "/api/v1/audit", { query: q, signal }),

  // Issue 12 routes
  metrics: (q: { project?: string; tag?: string }, signal?: AbortSignal) =>
    call<Metrics>("GET", "/api/v1/metrics", { query: q, signal }),
  metricsHistory: (
    q: { from: string; to: string; interval: "day"; project?: string; tag?: string },
    signal?: AbortSignal,
  ) => call<{ items: MetricsPoint[] }>("GET", "/api/v1/metrics/history", { query: q, signal }),
  /** A link that downloads every finding with its clock (a plain GET: the cookie authenticates it). */
  findingsExportUrl: (q: { format: "csv" | "json"; project?: string; tag?: string; state?: string }) =>
    withQuery("/api/v1/findings/export", q),
  incidents: {
    list: (q: Paging & { status?: "open" | "closed" }, signal?: AbortSignal) =>
      call<Page<Incident>>("GET", "/api/v1/incidents", { query: q, signal }),
    get: (id: string | number, signal?: AbortSignal) =>
      call<IncidentDetail>("GET", `/api/v1/incidents/${enc(String(id))}`, { signal }),
    open: (incident: { vulnerability: string; title?: string; owner?: string }) =>
      call<Incident>("POST", "/api/v1/incidents", { body: incident }),
    setProjectStatus: (
      id: string | number,
      project: string,
      change: { status: IncidentProjectStatus; justification?: string; detail?: string },
    ) =>
      call<IncidentProject>("PUT", `/api/v1/incidents/${enc(String(id))}/projects/${enc(project)}`, {
        body: change,
      }),
    close: (id: string | number) => call<Incident>("POST", `/api/v1/incidents/${enc(String(id))}/close`),
    reportUrl: (id: string | number, format: "html" | "markdown") =>
      withQuery(`/api/v1/incidents/${enc(String(id))}/report`, { format }),
  },
  ranking: (q: Paging & { ecosystem?: string }, signal?: AbortSignal) =>
    call<Page<RankedComponent>>("GET", "/api/v1/components/ranking", { query: q, signal }),
  /** A link that downloads the whole ranking as CSV (a plain GET: the cookie authenticates it). */
  rankingCsvUrl: (q: { ecosystem?: string } = {}) =>
    withQuery("/api/v1/components/ranking", { ...q, format: "csv" }),
  notificationRules: {
    list: (q: Paging, signal?: AbortSignal) =>
      call<Page<NotificationRule>>("GET", "/api/v1/notification-rules", { query: q, signal }),
    get: (id: string, signal?: AbortSignal) =>
      call<NotificationRule>("GET", `/api/v1/notification-rules/${enc(id)}`, { signal }),
    /** The answer carries `generatedSecret` once, when the server made the webhook's secret. */
    create: (rule: NewNotificationRule) =>
      call<NotificationRule & { generatedSecret?: string }>("POST", "/api/v1/notification-rules", {
        body: rule,
      }),
    /** Resumes a paused destination: its waiting messages go out at once. */
    resume: (id: string) =>
      call<NotificationRule>("PATCH", `/api/v1/notification-rules/${enc(id)}`, {
        body: { status: "active" },
      }),
    remove: (id: string) => call<void>("DELETE", `/api/v1/notification-rules/${enc(id)}`),
    deliveries: (id: string, q: Paging, signal?: AbortSignal) =>
      call<Page<DeliveryLogEntry>>("GET", `/api/v1/notification-rules/${enc(id)}/deliveries`, {
        query: q,
        signal,
      }),
  },
  sla: (signal?: AbortSignal) => call<SlaPolicy>("GET", "/api/v1/settings/sla", { signal }),
};
