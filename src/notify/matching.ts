import { SEVERITY_RATINGS, type SeverityRating } from "../model/finding.js";
import { inScope } from "../server/access.js";
import type { NotificationEvent, ProjectRef } from "./events.js";
import type { NotificationRule } from "./rules.js";

/** Whether a severity is at least `min` ("unknown" ranks below "low"). */
export function severityAtLeast(severity: SeverityRating, min: SeverityRating | undefined): boolean {
  return min === undefined || SEVERITY_RATINGS.indexOf(severity) <= SEVERITY_RATINGS.indexOf(min);
}

/**
 * What a rule sends for an event: the event with only the findings and violations the rule may see and wants
 * (its key's project scope, its project patterns and tags, minimum severity, KEV only), or undefined when
 * nothing of it is for the rule. Never splits an event: one event is at most one message.
 *
 * - The project scope comes first: an event about a project outside the rule's scope (or an item of such a
 *   project, in an event spanning several) is never shown, and a restricted rule sees no event that names
 *   no project.
 * - Severity and KEV filters judge what the event is about: its findings and violations, or the
 *   vulnerability of an advisory or incident. An event about no vulnerability (an upload rejected, a licence
 *   violation) passes them.
 */
export function applyRule(rule: NotificationRule, event: NotificationEvent): NotificationEvent | undefined {
  if (!rule.events.includes(event.type)) return undefined;
  // A new rule does not replay history the notifier had not read yet.
  if (Date.parse(event.occurredAt) < Date.parse(rule.createdAt)) return undefined;
  const { filter } = rule;
  const restricted = rule.scope.length > 0 || filter.projects.length > 0 || filter.tags.length > 0;
  const visible = (project: ProjectRef | undefined): boolean => {
    if (!restricted) return true;
    if (!project) return false;
    if (!inScope(rule.scope, project.name)) return false;
    if (filter.projects.length > 0 && !inScope(filter.projects, project.name)) return false;
    return filter.tags.length === 0 || project.tags.some((t) => filter.tags.includes(t));
  };
  const wanted = (about: { severity?: SeverityRating; kev?: boolean } | undefined): boolean => {
    if (!about) return true;
    if (filter.kevOnly && about.kev !== true) return false;
    return severityAtLeast(about.severity ?? "unknown", filter.minSeverity);
  };
  const spansProjects = [...event.findings, ...event.violations].some((item) => item.project);
  if (event.project && !visible(event.project)) return undefined;
  if (!event.project && !spansProjects && restricted) return undefined;

  const findings = event.findings.filter((f) => visible(f.project ?? event.project) && wanted(f));
  const violations = event.violations.filter(
    (v) =>
      visible(v.project ?? event.project) &&
      wanted(v.severity !== undefined || v.kev !== undefined || v.vulnerability ? v : undefined),
  );
  const hadItems = event.findings.length + event.violations.length > 0;
  if (hadItems && findings.length + violations.length === 0) return undefined;
  if (!hadItems) {
    // An event without items is judged by what it is about.
    const subject = event.incident ?? event.advisory;
    if (subject && !wanted(subject)) return undefined;
  }
  return { ...event, findings, violations };
}
