import { SEVERITY_RATINGS, type SeverityRating } from "../model/finding.js";
import { parsePurl } from "../purl/index.js";

/** The events a notification rule can subscribe to. */
export const NOTIFICATION_EVENT_TYPES = [
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
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

/** An event as the outbox stores it (the portfolio store's `StoredEvent` has this shape). */
export interface OutboxEvent {
  /** Increases in commit order. */
  id: number;
  type: string;
  occurredAt: string;
  projectId?: number;
  payload: unknown;
}

/** Reads the events outbox, oldest first (the portfolio store's `EventRepository` fulfils it). */
export interface EventSource {
  read(query: { after: number; limit?: number; types?: readonly string[] }): Promise<OutboxEvent[]>;
}

/** A project as notifications show and filter it. */
export interface ProjectRef {
  name: string;
  tags: string[];
}

/** Names the project of an event that carries only `projectId` (optional; payloads normally name it). */
export type ProjectLookup = (projectId: number) => Promise<ProjectRef | undefined>;

/** A package a finding or violation is about. */
export interface PackageInfo {
  ecosystem: string;
  name: string;
  version: string;
  purl?: string;
}

/** One vulnerability in one package version, as a notification lists it. */
export interface FindingItem {
  /** The vulnerability's primary id. */
  id: string;
  aliases: string[];
  summary?: string;
  severity: SeverityRating;
  /** CVSS base score, when known. */
  score?: number;
  /** Listed in CISA's Known Exploited Vulnerabilities catalogue. */
  kev: boolean;
  package: PackageInfo;
  /** Versions that fix it. */
  fixed: string[];
  /** The project, when the event spans several (advisory.affects-portfolio); else the event's project. */
  project?: ProjectRef;
  /** When the SLA wanted it fixed (sla.breach). */
  dueAt?: string;
}

/** One policy violation. Severity and KEV are set when the violation is about a vulnerability. */
export interface ViolationItem {
  policy: string;
  level: "fail" | "warn" | "info";
  message: string;
  vulnerability?: string;
  severity?: SeverityRating;
  kev?: boolean;
  package?: PackageInfo;
  project?: ProjectRef;
}

/** The advisory an `advisory.affects-portfolio` event is about. */
export interface AdvisoryInfo {
  id: string;
  aliases: string[];
  summary?: string;
  severity?: SeverityRating;
  kev?: boolean;
  publishedAt?: string;
}

/** The incident an `incident.*` event is about. */
export interface IncidentInfo {
  id: string;
  title: string;
  vulnerability?: string;
  status?: string;
  owner?: string;
  /** What changed, in words (incident.changed). */
  change?: string;
  severity?: SeverityRating;
  kev?: boolean;
}

/**
 * An event read from the outbox, in the shape every message is built from. Everything in it except `id`,
 * `sequence`, `type` and `occurredAt` came from stored data (advisory text, project names, uploads) and is
 * untrusted: each medium escapes it.
 */
export interface NotificationEvent {
  /** Stable across retries and re-deliveries: receivers de-duplicate on it ("evt-<outbox id>"). */
  id: string;
  /** The outbox id. */
  sequence: number;
  type: NotificationEventType;
  occurredAt: string;
  project?: ProjectRef;
  findings: FindingItem[];
  violations: ViolationItem[];
  advisory?: AdvisoryInfo;
  incident?: IncidentInfo;
  /** Why an upload was rejected. */
  reason?: string;
}

/**
 * What producers put in an outbox event's payload for notifications to read. Every field is optional; one
 * event lists all the findings of one upload or import (never one event per finding). `findings` entries
 * may also be `Finding`s as a scan reports them (`fixed`, `severity.rating`, `package`).
 */
export interface NotificationPayload {
  project?: { name: string; tags?: string[] };
  findings?: {
    id: string;
    aliases?: string[];
    summary?: string;
    severity?: SeverityRating | { rating: SeverityRating; score?: number };
    kev?: boolean;
    package: PackageInfo;
    fixed?: string[];
    project?: { name: string; tags?: string[] };
    dueAt?: string;
  }[];
  violations?: ViolationItem[];
  advisory?: Partial<AdvisoryInfo> & { id: string };
  incident?: Partial<IncidentInfo> & { id: string; title: string };
  reason?: string;
}

/** Longest untrusted text kept from a payload field (messages clip further). */
const MAX_TEXT = 2000;
/** Most items kept from one event (a webhook lists them all; chat messages list fewer). */
const MAX_ITEMS = 5000;

/** What reading an outbox event gave: the event, or nothing for types notifications do not handle. */
export interface ReadEvent {
  event?: NotificationEvent;
  /** Parts of the payload that could not be read and were left out (path and why). */
  problems: string[];
}

/** Whether a string is one of the notification event types. */
export function isNotificationEventType(type: string): type is NotificationEventType {
  return (NOTIFICATION_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * Reads an outbox event defensively: a payload written by another part of Bulwark (or by an older version)
 * is checked field by field; an unreadable field or item is left out and named in `problems`, so a bad
 * payload never stops the notifier and never disappears silently. `lookup` names the project of an event
 * whose payload does not.
 */
export async function readOutboxEvent(
  stored: OutboxEvent,
  context: { now: string; lookup?: ProjectLookup },
): Promise<ReadEvent> {
  const problems: string[] = [];
  if (!isNotificationEventType(stored.type)) return { problems };
  const payload = isObject(stored.payload) ? stored.payload : {};
  if (!isObject(stored.payload) && stored.payload !== null && stored.payload !== undefined)
    problems.push("payload: not an object");
  // The portfolio's reconcile step names the project by its name alone: the lookup adds its tags.
  const named = typeof payload.project === "string" ? text(payload.project, 300) : undefined;
  let project = named === undefined ? readProject(payload.project, "project", problems) : undefined;
  if (!project && stored.projectId !== undefined && context.lookup)
    project = await context.lookup(stored.projectId);
  if (!project && named !== undefined) project = { name: named, tags: [] };
  const occurredAt = readInstant(stored.occurredAt);
  // The time it was read stands in, so the event still reaches the rules that want it.
  if (!occurredAt) problems.push("occurredAt: not a date-time; the time it was read is used");
  const event: NotificationEvent = {
    id: `evt-${stored.id}`,
    sequence: stored.id,
    type: stored.type,
    occurredAt: occurredAt ?? context.now,
    findings: readList(payload.findings, "findings", problems, readFinding),
    violations: readList(payload.violations, "violations", problems, readViolation),
  };
  if (project) event.project = project;
  if (payload.advisory !== undefined) {
    const advisory = readAdvisory(payload.advisory, problems);
    if (advisory) event.advisory = advisory;
  }
  if (payload.incident !== undefined) {
    const incident = isObject(payload.incident)
      ? readIncident(payload.incident, problems)
      : incidentOfFields(payload, event.project, problems);
    if (incident) event.incident = incident;
  }
  const reason = text(payload.reason);
  if (reason) event.reason = reason;
  return { event, problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string clipped to MAX_TEXT, or undefined for anything else (and for empty strings). */
function text(value: unknown, max = MAX_TEXT): string | undefined {
  if (typeof value !== "string" || value.length === 0) return undefined;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value
        .map((v) => text(v, 200))
        .filter((v): v is string => v !== undefined)
        .slice(0, 100)
    : [];
}

function readInstant(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function readSeverity(value: unknown): { rating?: SeverityRating; score?: number } {
  const raw = isObject(value) ? value.rating : value;
  const rating =
    typeof raw === "string" && (SEVERITY_RATINGS as readonly string[]).includes(raw.toLowerCase())
      ? (raw.toLowerCase() as SeverityRating)
      : undefined;
  const score = isObject(value) && typeof value.score === "number" ? value.score : undefined;
  return { rating, score };
}

function readList<T>(
  value: unknown,
  path: string,
  problems: string[],
  readItem: (item: unknown, path: string, problems: string[]) => T | undefined,
): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${path}: not a list`);
    return [];
  }
  if (value.length > MAX_ITEMS)
    problems.push(`${path}: ${value.length} items, only the first ${MAX_ITEMS} kept`);
  const out: T[] = [];
  value.slice(0, MAX_ITEMS).forEach((item, i) => {
    const read = readItem(item, `${path}[${i}]`, problems);
    if (read !== undefined) out.push(read);
  });
  return out;
}

function readProject(value: unknown, path: string, problems: string[]): ProjectRef | undefined {
  if (value === undefined || value === null) return undefined;
  const name = isObject(value) ? text(value.name, 300) : undefined;
  if (!isObject(value) || !name) {
    problems.push(`${path}: a project needs a name`);
    return undefined;
  }
  return { name, tags: strings(value.tags) };
}

function readPackage(value: unknown): PackageInfo | undefined {
  if (!isObject(value)) return undefined;
  const name = text(value.name, 300);
  if (!name) return undefined;
  const pkg: PackageInfo = {
    ecosystem: text(value.ecosystem, 100) ?? "",
    name,
    version: text(value.version, 200) ?? "",
  };
  const purl = text(value.purl, 500);
  if (purl) pkg.purl = purl;
  return pkg;
}

/** The package a purl names (the portfolio's finding events carry a purl, not a package object). */
function packageOfPurl(value: unknown): PackageInfo | undefined {
  const purl = text(value, 500);
  if (!purl) return undefined;
  try {
    const p = parsePurl(purl);
    return {
      ecosystem: p.type,
      name: p.namespace ? `${p.namespace}/${p.name}` : p.name,
      version: p.version ?? "",
      purl,
    };
  } catch {
    return undefined;
  }
}

function readFinding(value: unknown, path: string, problems: string[]): FindingItem | undefined {
  // `vulnerability` is the vulnerability id where `id` is the store's finding id (the reconcile step's events).
  const id = isObject(value)
    ? (text(value.vulnerability, 200) ?? text(value.id, 200) ?? text(value.vulnerabilityId, 200))
    : undefined;
  const pkg = isObject(value) ? (readPackage(value.package) ?? packageOfPurl(value.purl)) : undefined;
  if (!isObject(value) || !id || !pkg) {
    problems.push(`${path}: a finding needs an id and a package with a name`);
    return undefined;
  }
  const { rating, score } = readSeverity(value.severity);
  const item: FindingItem = {
    id,
    aliases: strings(value.aliases),
    severity: rating ?? "unknown",
    kev: value.kev === true,
    package: pkg,
    fixed: strings(value.fixed),
  };
  const summary = text(value.summary);
  if (summary) item.summary = summary;
  if (score !== undefined) item.score = score;
  const project = readProject(value.project, `${path}.project`, problems);
  if (project) item.project = project;
  const dueAt = readInstant(value.dueAt);
  if (dueAt) item.dueAt = dueAt;
  return item;
}

function readViolation(value: unknown, path: string, problems: string[]): ViolationItem | undefined {
  const message = isObject(value) ? text(value.message) : undefined;
  if (!isObject(value) || !message) {
    problems.push(`${path}: a violation needs a message`);
    return undefined;
  }
  const level = value.level === "fail" || value.level === "warn" ? value.level : "info";
  const item: ViolationItem = { policy: text(value.policy, 200) ?? "", level, message };
  const vulnerability = text(value.vulnerability, 200);
  if (vulnerability) item.vulnerability = vulnerability;
  const { rating } = readSeverity(value.severity);
  if (rating) item.severity = rating;
  if (value.kev === true) item.kev = true;
  const pkg = readPackage(value.package);
  if (pkg) item.package = pkg;
  const project = readProject(value.project, `${path}.project`, problems);
  if (project) item.project = project;
  return item;
}

function readAdvisory(value: unknown, problems: string[]): AdvisoryInfo | undefined {
  const id = isObject(value) ? text(value.id, 200) : undefined;
  if (!isObject(value) || !id) {
    problems.push("advisory: needs an id");
    return undefined;
  }
  const advisory: AdvisoryInfo = { id, aliases: strings(value.aliases) };
  const summary = text(value.summary);
  if (summary) advisory.summary = summary;
  const { rating } = readSeverity(value.severity);
  if (rating) advisory.severity = rating;
  if (value.kev === true) advisory.kev = true;
  const publishedAt = readInstant(value.publishedAt);
  if (publishedAt) advisory.publishedAt = publishedAt;
  return advisory;
}

/**
 * The incident workflow (src/incidents) names an incident by its id and puts its facts beside it:
 * `{incident: 12, vulnerability, title?, owner?, project?, status?, by?, stillActiveProjects?}`.
 */
function incidentOfFields(
  payload: Record<string, unknown>,
  project: ProjectRef | undefined,
  problems: string[],
): IncidentInfo | undefined {
  const id =
    typeof payload.incident === "number" && Number.isFinite(payload.incident)
      ? String(payload.incident)
      : text(payload.incident, 200);
  if (!id) {
    problems.push("incident: needs an id");
    return undefined;
  }
  const vulnerability = text(payload.vulnerability, 200);
  const incident: IncidentInfo = { id, title: text(payload.title, 500) ?? vulnerability ?? `incident ${id}` };
  if (vulnerability) incident.vulnerability = vulnerability;
  const owner = text(payload.owner, 300);
  if (owner) incident.owner = owner;
  const status = text(payload.status, 300);
  if (status) incident.status = status;
  // incident.changed is about one project's status; incident.closed may leave projects still exposed.
  if (project && status) incident.change = `${project.name}: ${status}`;
  if (typeof payload.stillActiveProjects === "number")
    incident.change = `closed with ${payload.stillActiveProjects} project(s) still affected`;
  return incident;
}

function readIncident(value: unknown, problems: string[]): IncidentInfo | undefined {
  const id = isObject(value)
    ? (text(value.id, 200) ?? (typeof value.id === "number" ? String(value.id) : undefined))
    : undefined;
  const title = isObject(value) ? text(value.title, 500) : undefined;
  if (!isObject(value) || !id || !title) {
    problems.push("incident: needs an id and a title");
    return undefined;
  }
  const incident: IncidentInfo = { id, title };
  for (const key of ["vulnerability", "status", "owner", "change"] as const) {
    const v = text(value[key], key === "change" ? MAX_TEXT : 300);
    if (v) incident[key] = v;
  }
  const { rating } = readSeverity(value.severity);
  if (rating) incident.severity = rating;
  if (value.kev === true) incident.kev = true;
  return incident;
}
