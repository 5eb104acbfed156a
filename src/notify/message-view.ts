import type { SeverityRating } from "../model/finding.js";
import type { FindingItem, NotificationEvent, ViolationItem } from "./events.js";
import type { DeliveryContent } from "./ports.js";

/**
 * What a message says, before any medium formats it: a title, an introduction, one line per finding or
 * violation and a footer. Built from untrusted data (advisory text, project and package names): every
 * medium escapes all of it.
 */
export interface MessageView {
  title: string;
  intro?: string;
  lines: ViewLine[];
  /** Lines left out to keep the message within the medium's limits. */
  omitted: number;
  footer: string;
}

/** One line; `severity` and `kev` let a medium mark it. */
export interface ViewLine {
  severity?: SeverityRating;
  kev?: boolean;
  /** Indented under the line before it (a digest's event details). */
  nested?: boolean;
  text: string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function projectsOf(event: NotificationEvent): string[] {
  const names = [...event.findings, ...event.violations].map((i) => i.project?.name ?? event.project?.name);
  return [...new Set(names.filter((n): n is string => n !== undefined))];
}

/** The title of one event. */
export function eventTitle(event: NotificationEvent): string {
  const where = event.project ? ` in ${event.project.name}` : "";
  const n = event.findings.length;
  switch (event.type) {
    case "finding.new":
      return `${plural(n, "new vulnerability", "new vulnerabilities")}${where}`;
    case "finding.fixed":
      return `${plural(n, "vulnerability", "vulnerabilities")} fixed${where}`;
    case "advisory.affects-portfolio": {
      const id = event.advisory?.id ?? event.findings[0]?.id ?? "An advisory";
      const projects = projectsOf(event).length;
      return `${id} affects ${plural(projects, "project", "projects")}`;
    }
    case "sla.breach":
      return `${plural(n, "finding", "findings")} past the SLA due date${where}`;
    case "incident.opened":
      return `Incident opened: ${event.incident?.title ?? "untitled"}`;
    case "incident.changed":
      return `Incident updated: ${event.incident?.title ?? "untitled"}`;
    case "incident.closed":
      return `Incident closed: ${event.incident?.title ?? "untitled"}`;
    case "upload.rejected":
      return `Upload rejected${event.project ? ` for ${event.project.name}` : ""}`;
    case "policy.violation":
      return `${plural(event.violations.length, "policy violation", "policy violations")}${where}`;
  }
}

function findingLine(finding: FindingItem, spans: boolean, event: NotificationEvent): ViewLine {
  const aliases = finding.aliases.slice(0, 2);
  const parts = [
    `${finding.id}${aliases.length > 0 ? ` (${aliases.join(", ")})` : ""} in ${finding.package.name}${finding.package.version ? ` ${finding.package.version}` : ""}`,
  ];
  if (finding.summary) parts.push(finding.summary);
  if (finding.fixed.length > 0) parts.push(`fixed in ${finding.fixed.slice(0, 3).join(", ")}`);
  else if (event.type !== "finding.fixed") parts.push("no fix known");
  if (spans && finding.project) parts.push(`project ${finding.project.name}`);
  if (finding.dueAt) parts.push(`due ${finding.dueAt.slice(0, 10)}`);
  return { severity: finding.severity, kev: finding.kev, text: parts.join(" — ") };
}

function violationLine(violation: ViolationItem, spans: boolean): ViewLine {
  const parts = [
    `${violation.level.toUpperCase()} ${violation.policy ? `${violation.policy}: ` : ""}${violation.message}`,
  ];
  if (violation.package) parts.push(`${violation.package.name} ${violation.package.version}`.trim());
  if (spans && violation.project) parts.push(`project ${violation.project.name}`);
  return { severity: violation.severity, kev: violation.kev, text: parts.join(" — ") };
}

function intro(event: NotificationEvent): string | undefined {
  if (event.type === "upload.rejected") return event.reason;
  if (event.incident) {
    const i = event.incident;
    const facts = [
      i.vulnerability && `vulnerability ${i.vulnerability}`,
      i.status && `status ${i.status}`,
      i.owner && `owner ${i.owner}`,
    ].filter(Boolean);
    return [i.change, facts.join(", ")].filter(Boolean).join(". ") || undefined;
  }
  if (event.advisory?.summary) return event.advisory.summary;
  return undefined;
}

function eventLines(event: NotificationEvent): ViewLine[] {
  const spans = !event.project;
  return [
    ...event.findings.map((f) => findingLine(f, spans, event)),
    ...event.violations.map((v) => violationLine(v, spans)),
  ];
}

function limit(lines: ViewLine[], max: number): { lines: ViewLine[]; omitted: number } {
  return lines.length <= max
    ? { lines, omitted: 0 }
    : { lines: lines.slice(0, max), omitted: lines.length - max };
}

/** The view of one event, listing at most `maxLines` findings or violations. */
export function eventView(event: NotificationEvent, maxLines: number): MessageView {
  const { lines, omitted } = limit(eventLines(event), maxLines);
  const view: MessageView = {
    title: eventTitle(event),
    lines,
    omitted,
    footer: `${event.type} · ${event.id} · ${event.occurredAt}`,
  };
  const text = intro(event);
  if (text) view.intro = text;
  return view;
}

/** Findings or violations a digest lists under each event. */
const DIGEST_DETAILS = 3;

/** The view of a delivery's content: one event, or a digest with each event's title and a few of its lines. */
export function contentView(content: DeliveryContent, maxLines: number): MessageView {
  if (content.kind === "event") return eventView(content.event, maxLines);
  const lines: ViewLine[] = [];
  for (const event of content.events) {
    lines.push({ text: eventTitle(event) });
    const details = eventLines(event);
    for (const line of details.slice(0, DIGEST_DETAILS)) lines.push({ ...line, nested: true });
    if (details.length > DIGEST_DETAILS)
      lines.push({ text: `and ${details.length - DIGEST_DETAILS} more`, nested: true });
  }
  const limited = limit(lines, maxLines);
  const part = content.parts > 1 ? ` (part ${content.part} of ${content.parts})` : "";
  return {
    title: `Bulwark ${content.mode} digest: ${plural(content.events.length, "event", "events")}${part}`,
    lines: limited.lines,
    omitted: limited.omitted,
    footer: `${content.from} – ${content.to}`,
  };
}
