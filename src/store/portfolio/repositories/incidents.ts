import type { Selectable } from "kysely";
import { checkText, parseJson, type StoreContext } from "../context.js";
import { invalidInput } from "../errors.js";
import { decodeCursor, pageLimit, toPage } from "../pagination.js";
import {
  INCIDENT_EVENT_TYPES,
  INCIDENT_PROJECT_STATUSES,
  INCIDENT_STATUSES,
  type Incident,
  type IncidentEvent,
  type IncidentProject,
  type IncidentProjectChange,
  type IncidentRepository,
  type IncidentStatus,
  type Instant,
  type NewIncident,
  type NewIncidentEvent,
  type Page,
  type PageRequest,
} from "../ports.js";
import type { IncidentEventsTable, IncidentProjectsTable, IncidentsTable } from "../schema.js";
import { optionalInstant, toInstant, toMs } from "../time.js";
import { allOf, patternsFilter } from "./filters.js";

/** Incidents, their per-project status and their timeline. */
export class SqlIncidentRepository implements IncidentRepository {
  constructor(private readonly ctx: StoreContext) {}

  async create(incident: NewIncident): Promise<Incident> {
    const at = toMs(incident.openedAt, "the opening time");
    const vulnerabilityId = checkText("a vulnerability id", incident.vulnerabilityId, { max: 200 });
    const aliases = [...new Set(incident.aliases)].filter((a) => a !== vulnerabilityId).sort();
    return this.ctx.atomic(async (db) => {
      const row = await db
        .insertInto("incidents")
        .values({
          vulnerability_id: vulnerabilityId,
          aliases: JSON.stringify(aliases),
          title: checkText("a title", incident.title, { max: 500 }),
          owner: checkText("an owner", incident.owner, { max: 200, allowEmpty: true }),
          status: "open",
          opened_at: at,
          closed_at: null,
          opened_by: incident.openedBy,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await db
        .insertInto("incident_ids")
        .values([vulnerabilityId, ...aliases].map((v) => ({ incident_id: row.id, vuln_id: v })))
        .execute();
      return toIncident(row);
    });
  }

  async get(id: number): Promise<Incident | undefined> {
    const row = await this.ctx.db.selectFrom("incidents").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toIncident(row) : undefined;
  }

  async list(query: PageRequest & { status?: IncidentStatus } = {}): Promise<Page<Incident>> {
    if (query.status !== undefined && !INCIDENT_STATUSES.includes(query.status))
      throw invalidInput(`${JSON.stringify(query.status)} is not an incident status`);
    const limit = pageLimit(query.limit);
    const list = `incidents:${query.status ?? "*"}`;
    const after = decodeCursor(query.cursor, list, ["number"]);
    let q = this.ctx.db
      .selectFrom("incidents")
      .selectAll()
      .orderBy("id", "desc")
      .limit(limit + 1);
    if (query.status) q = q.where("status", "=", query.status);
    if (after) q = q.where("id", "<", after[0] as number);
    return toPage(await q.execute(), limit, toIncident, list, (r) => [r.id]);
  }

  async openFor(vulnerabilityIds: readonly string[]): Promise<Incident[]> {
    if (vulnerabilityIds.length === 0) return [];
    const rows = await this.ctx.db
      .selectFrom("incidents")
      .selectAll()
      .where("status", "=", "open")
      .where("id", "in", (sub) =>
        sub
          .selectFrom("incident_ids")
          .select("incident_id")
          .where("vuln_id", "in", [...new Set(vulnerabilityIds)]),
      )
      .orderBy("id")
      .execute();
    return rows.map(toIncident);
  }

  async setStatus(id: number, status: IncidentStatus, at: Instant): Promise<Incident | undefined> {
    if (!INCIDENT_STATUSES.includes(status))
      throw invalidInput(`${JSON.stringify(status)} is not an incident status`);
    const ms = toMs(at, "the status time");
    const row = await this.ctx.db
      .updateTable("incidents")
      .set({ status, closed_at: status === "closed" ? ms : null, updated_at: ms })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    return row ? toIncident(row) : undefined;
  }

  async setProject(change: IncidentProjectChange): Promise<IncidentProject> {
    if (!INCIDENT_PROJECT_STATUSES.includes(change.status))
      throw invalidInput(`${JSON.stringify(change.status)} is not an incident project status`);
    const at = toMs(change.at, "the change time");
    const values = {
      status: change.status,
      justification: change.justification ?? null,
      detail: change.detail ?? null,
      changed_at: at,
      changed_by: change.by,
    };
    return this.ctx.atomic(async (db) => {
      const existing = await db
        .selectFrom("incident_projects")
        .selectAll()
        .where("incident_id", "=", change.incidentId)
        .where("project_id", "=", change.projectId)
        .executeTakeFirst();
      const fixedAt = change.status === "fixed" ? at : (existing?.fixed_at ?? null);
      if (existing) {
        const row = await db
          .updateTable("incident_projects")
          .set({ ...values, fixed_at: fixedAt })
          .where("incident_id", "=", change.incidentId)
          .where("project_id", "=", change.projectId)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toProject(row);
      }
      const row = await db
        .insertInto("incident_projects")
        .values({
          ...values,
          incident_id: change.incidentId,
          project_id: change.projectId,
          project_name: change.projectName,
          affected_at: at,
          fixed_at: fixedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await db.updateTable("incidents").set({ updated_at: at }).where("id", "=", change.incidentId).execute();
      return toProject(row);
    });
  }

  async projects(
    incidentId: number,
    query: { projectPatterns?: readonly string[] } = {},
  ): Promise<IncidentProject[]> {
    const scoped = patternsFilter(this.ctx.dialect, "project_name", query.projectPatterns);
    const rows = await this.ctx.db
      .selectFrom("incident_projects")
      .selectAll()
      .where("incident_id", "=", incidentId)
      .where(allOf(scoped ? [scoped] : []))
      .orderBy("project_name")
      .execute();
    return rows.map(toProject);
  }

  async openForProject(projectId: number): Promise<{ incident: Incident; project: IncidentProject }[]> {
    const rows = await this.ctx.db
      .selectFrom("incident_projects as ip")
      .innerJoin("incidents as i", "i.id", "ip.incident_id")
      .selectAll("ip")
      .select([
        "i.vulnerability_id",
        "i.aliases",
        "i.title",
        "i.owner",
        "i.status as incident_status",
        "i.opened_at",
        "i.closed_at",
        "i.opened_by",
        "i.updated_at",
      ])
      .where("ip.project_id", "=", projectId)
      .where("i.status", "=", "open")
      .orderBy("ip.incident_id")
      .execute();
    return rows.map((r) => ({
      incident: toIncident({
        id: r.incident_id,
        vulnerability_id: r.vulnerability_id,
        aliases: r.aliases,
        title: r.title,
        owner: r.owner,
        status: r.incident_status,
        opened_at: r.opened_at,
        closed_at: r.closed_at,
        opened_by: r.opened_by,
        updated_at: r.updated_at,
      }),
      project: toProject(r),
    }));
  }

  async appendEvents(events: readonly NewIncidentEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const e of events)
      if (!INCIDENT_EVENT_TYPES.includes(e.type))
        throw invalidInput(`${JSON.stringify(e.type)} is not an incident event`);
    await this.ctx.db
      .insertInto("incident_events")
      .values(
        events.map((e) => ({
          incident_id: e.incidentId,
          at: toMs(e.at, "the event time"),
          type: e.type,
          project_id: e.projectId ?? null,
          project_name: e.projectName ?? null,
          status: e.status ?? null,
          by: e.by,
          details: e.details === undefined ? null : JSON.stringify(e.details),
        })),
      )
      .execute();
  }

  async events(
    incidentId: number,
    query: PageRequest & { projectPatterns?: readonly string[] } = {},
  ): Promise<Page<IncidentEvent>> {
    const limit = pageLimit(query.limit);
    const list = `incident-events:${incidentId}`;
    const after = decodeCursor(query.cursor, list, ["number"]);
    const scoped = patternsFilter(this.ctx.dialect, "project_name", query.projectPatterns);
    let q = this.ctx.db
      .selectFrom("incident_events")
      .selectAll()
      .where("incident_id", "=", incidentId)
      .orderBy("id")
      .limit(limit + 1);
    if (scoped) q = q.where((eb) => eb.or([eb("project_id", "is", null), scoped as never]));
    if (after) q = q.where("id", ">", after[0] as number);
    return toPage(await q.execute(), limit, toEvent, list, (r) => [r.id]);
  }
}

function toIncident(r: Selectable<IncidentsTable>): Incident {
  const closedAt = optionalInstant(r.closed_at);
  return {
    id: Number(r.id),
    vulnerabilityId: r.vulnerability_id,
    aliases: parseJson<string[]>(r.aliases, []),
    title: r.title,
    owner: r.owner,
    status: r.status as IncidentStatus,
    openedAt: toInstant(r.opened_at),
    ...(closedAt ? { closedAt } : {}),
    openedBy: r.opened_by,
    updatedAt: toInstant(r.updated_at),
  };
}

function toProject(r: Selectable<IncidentProjectsTable>): IncidentProject {
  const fixedAt = optionalInstant(r.fixed_at);
  return {
    incidentId: Number(r.incident_id),
    projectId: Number(r.project_id),
    projectName: r.project_name,
    status: r.status as IncidentProject["status"],
    ...(r.justification !== null ? { justification: r.justification } : {}),
    ...(r.detail !== null ? { detail: r.detail } : {}),
    affectedAt: toInstant(r.affected_at),
    changedAt: toInstant(r.changed_at),
    changedBy: r.changed_by,
    ...(fixedAt ? { fixedAt } : {}),
  };
}

function toEvent(r: Selectable<IncidentEventsTable>): IncidentEvent {
  return {
    id: Number(r.id),
    incidentId: Number(r.incident_id),
    at: toInstant(r.at),
    type: r.type as IncidentEvent["type"],
    ...(r.project_id !== null ? { projectId: Number(r.project_id) } : {}),
    ...(r.project_name !== null ? { projectName: r.project_name } : {}),
    ...(r.status !== null ? { status: r.status as IncidentProject["status"] } : {}),
    by: r.by,
    ...(r.details !== null ? { details: parseJson<Record<string, unknown>>(r.details, {}) } : {}),
  };
}
