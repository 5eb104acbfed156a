import { BulwarkError } from "../model/errors.js";
import type { PortfolioContext } from "../portfolio/context.js";
import { FINDING_KEV_LISTED } from "../portfolio/exploit-refresh.js";
import type { Incident, StoredEvent } from "../store/portfolio/ports.js";
import {
  ACTIVE_PROJECT_STATUSES,
  affectedEvent,
  changedEvent,
  openFindingsOf,
  openIncident,
  recordStatus,
} from "./incidents.js";
import { type IncidentRules, matchingRule } from "./rules.js";

/** The consumer's name in `event_consumers`: its position survives restarts and is shared by instances. */
export const INCIDENT_CONSUMER = "incidents";

/** The events the automation reads (the reconcile step writes them; matching is never recomputed here). */
export const WATCHED_EVENTS = ["finding.new", FINDING_KEV_LISTED, "finding.fixed"] as const;

/** A finding as `finding.*` events name it (src/portfolio/apply.ts). */
interface EventFinding {
  id: number;
  vulnerability: string;
  aliases: string[];
  purl: string;
  kev: boolean;
}

interface FindingEventPayload {
  project: string;
  version?: string;
  snapshot?: number;
  findings: EventFinding[];
}

/** What one run did. */
export interface AutomationRun {
  events: number;
  opened: number;
  changed: number;
}

/**
 * Reads the outbox from the saved position and applies it to incidents:
 * - `finding.new` / `finding.kev-listed`: a project newly affected by the vulnerability of an open incident
 *   joins it (`affected`; a project that had been fixed is affected again); without an open incident, the
 *   auto-open rules (KEV, CVSS, ids, packages) may open one with every project affected now.
 * - `finding.fixed`: a project of an open incident that no longer has an open finding of its vulnerability
 *   (any version of the project) moves to `fixed` by itself.
 * Each step is idempotent (re-reading an event after a crash changes nothing), and the position is saved after
 * each batch, so a restart continues where the last run stopped (re-reading at most one batch).
 */
export async function runIncidentAutomation(
  ctx: PortfolioContext,
  rules: IncidentRules,
  options: { batch?: number } = {},
): Promise<AutomationRun> {
  const batch = options.batch ?? 200;
  const run: AutomationRun = { events: 0, opened: 0, changed: 0 };
  for (;;) {
    const cursor = await ctx.store.events.cursor(INCIDENT_CONSUMER);
    // every event up to `visible` is committed (ids become visible in order), so the position may move to it
    const visible = await ctx.store.events.lastId();
    const events = await ctx.store.events.read({ after: cursor, types: WATCHED_EVENTS, limit: batch });
    for (const event of events) {
      const done = await handle(ctx, rules, event);
      run.opened += done.opened;
      run.changed += done.changed;
      run.events++;
    }
    // saved once a batch: a write per event kept the store changing (and the server's answer cache cold) for
    // minutes after an import into thousands of projects; a crash re-reads at most one batch, changing nothing
    const done = events.length < batch;
    const position = done ? Math.max(visible, events.at(-1)?.id ?? 0) : events.at(-1)!.id;
    if (position > cursor)
      await ctx.store.events.saveCursor(INCIDENT_CONSUMER, position, ctx.clock().toISOString());
    if (done) {
      return run;
    }
  }
}

async function handle(
  ctx: PortfolioContext,
  rules: IncidentRules,
  event: StoredEvent,
): Promise<{ opened: number; changed: number }> {
  const payload = event.payload as FindingEventPayload;
  if (event.projectId === undefined || !Array.isArray(payload?.findings)) return { opened: 0, changed: 0 };
  const by = payload.snapshot !== undefined ? "upload" : "advisory-import";
  const groups = new Map<string, EventFinding[]>();
  for (const f of payload.findings) groups.set(f.vulnerability, [...(groups.get(f.vulnerability) ?? []), f]);
  let opened = 0;
  let changed = 0;
  for (const [vulnerability, findings] of groups) {
    const ids = [vulnerability, ...new Set(findings.flatMap((f) => f.aliases))];
    const incidents = await ctx.store.incidents.openFor(ids);
    if (event.type === "finding.fixed") {
      for (const incident of incidents)
        changed += await fixIfClear(ctx, incident, event.projectId, payload, by);
      continue;
    }
    if (incidents.length > 0) {
      for (const incident of incidents)
        changed += await markAffected(ctx, incident, event.projectId, payload, by);
      continue;
    }
    const rule = await ruleFor(ctx, rules, vulnerability, findings);
    if (!rule) continue;
    try {
      await openIncident(ctx, { vulnerability, owner: rules.owner, by: `rule:${rule}` });
      opened++;
    } catch (error) {
      // opened meanwhile (another instance, or this event read again after a crash): nothing to do
      if (!(error instanceof BulwarkError && (error.code === "CONFLICT" || error.code === "INPUT_NOT_FOUND")))
        throw error;
    }
  }
  return { opened, changed };
}

/** The first rule that wants an incident for any of these findings (CVSS read from the stored finding). */
async function ruleFor(
  ctx: PortfolioContext,
  rules: IncidentRules,
  vulnerability: string,
  findings: readonly EventFinding[],
): Promise<string | undefined> {
  for (const f of findings) {
    const stored = rules.minCvss > 0 ? await ctx.store.findings.get(f.id) : undefined;
    if (stored && stored.state !== "open") continue;
    const cvss = stored?.finding.severity.score;
    const rule = matchingRule(rules, {
      vulnerability,
      aliases: f.aliases,
      purl: f.purl,
      kev: stored?.kev ?? f.kev,
      ...(cvss !== undefined ? { cvss } : {}),
    });
    if (rule) return rule;
  }
  return undefined;
}

async function markAffected(
  ctx: PortfolioContext,
  incident: Incident,
  projectId: number,
  payload: FindingEventPayload,
  by: string,
): Promise<number> {
  const at = ctx.clock().toISOString();
  return ctx.store.transaction(async (tx) => {
    await tx.projects.lock([projectId]);
    const part = (await tx.incidents.openForProject(projectId)).find(
      (r) => r.incident.id === incident.id,
    )?.project;
    if (part && part.status !== "fixed") return 0;
    const project = await tx.incidents.setProject({
      incidentId: incident.id,
      projectId,
      projectName: payload.project,
      status: "affected",
      at,
      by,
    });
    const findings = payload.findings.map((f) => ({ purl: f.purl, projectVersion: payload.version ?? "" }));
    await tx.incidents.appendEvents([
      affectedEvent(incident.id, at, by, projectId, payload.project, findings),
    ]);
    await tx.events.append([changedEvent(incident, project, at, by)]);
    return 1;
  });
}

async function fixIfClear(
  ctx: PortfolioContext,
  incident: Incident,
  projectId: number,
  payload: FindingEventPayload,
  by: string,
): Promise<number> {
  const ids = [incident.vulnerabilityId, ...incident.aliases];
  // the project's name as a pattern narrows the read to its findings (a name holding "*" only widens it: the
  // id check below decides)
  const stillOpen = (await openFindingsOf(ctx, ids, [payload.project])).some(
    (f) => f.projectId === projectId,
  );
  if (stillOpen) return 0;
  const at = ctx.clock().toISOString();
  return ctx.store.transaction(async (tx) => {
    await tx.projects.lock([projectId]);
    const part = (await tx.incidents.openForProject(projectId)).find(
      (r) => r.incident.id === incident.id,
    )?.project;
    if (!part || !ACTIVE_PROJECT_STATUSES.includes(part.status)) return 0;
    const project = await tx.incidents.setProject({
      incidentId: incident.id,
      projectId,
      projectName: part.projectName,
      status: "fixed",
      at,
      by,
    });
    await recordStatus(tx, incident, project, at, by, {
      ...(payload.snapshot !== undefined ? { snapshot: payload.snapshot } : {}),
      ...(payload.version ? { version: payload.version } : {}),
    });
    return 1;
  });
}
