import type { IncidentEvent, IncidentProjectStatus } from "../store/portfolio/ports.js";

/** One point of an incident's progress: after a project's status changed. */
export interface ProgressPoint {
  at: string;
  /** Projects in the incident (not_affected ones included). */
  projects: number;
  fixed: number;
  notAffected: number;
  /** fixed / (projects − notAffected); 1 when every project is not affected; 0 when there is none. */
  shareFixed: number;
}

/** Progress over time and the time to contain, from the timeline alone (pure). */
export interface Progress {
  points: ProgressPoint[];
  /** The latest point's share. */
  shareFixed: number;
  /** When every project became fixed or not affected (the last time it did); absent while some are not. */
  containedAt?: string;
  /** containedAt − openedAt, in milliseconds. */
  timeToContainMs?: number;
}

/**
 * Replays the `project.*` lines of a timeline (oldest first): each one sets its project's status, and each
 * gives a point. An incident is contained when it has projects and all are fixed or not affected; a project
 * that becomes affected again un-contains it.
 */
export function progressOf(openedAt: string, timeline: readonly IncidentEvent[]): Progress {
  const status = new Map<string, IncidentProjectStatus>();
  const points: ProgressPoint[] = [];
  let containedAt: string | undefined;
  for (const e of timeline) {
    if (!e.type.startsWith("project.") || !e.status || e.projectName === undefined) continue;
    status.set(e.projectName, e.status);
    const values = [...status.values()];
    const fixed = values.filter((s) => s === "fixed").length;
    const notAffected = values.filter((s) => s === "not_affected").length;
    const relevant = values.length - notAffected;
    points.push({
      at: e.at,
      projects: values.length,
      fixed,
      notAffected,
      shareFixed: relevant === 0 ? (values.length ? 1 : 0) : fixed / relevant,
    });
    const contained = values.length > 0 && fixed + notAffected === values.length;
    containedAt = contained ? (containedAt ?? e.at) : undefined;
  }
  const last = points.at(-1);
  return {
    points,
    shareFixed: last?.shareFixed ?? 0,
    ...(containedAt
      ? { containedAt, timeToContainMs: Math.max(0, Date.parse(containedAt) - Date.parse(openedAt)) }
      : {}),
  };
}
