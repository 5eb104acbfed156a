import type {
  FindingAnalysis,
  FindingFacts,
  FindingUpdate,
  NewFinding,
  StoredFinding,
} from "../store/portfolio/ports.js";

/** Triage states that take a finding out of the counts. */
const SUPPRESSING = new Set(["not_affected", "false_positive", "resolved"]);

/** Whether a finding's current analysis suppresses it. */
export function suppresses(analysis: FindingAnalysis | undefined): boolean {
  return analysis !== undefined && SUPPRESSING.has(analysis.state);
}

/** One project version's findings of some packages, now and as stored. */
export interface ReconcileInput {
  projectId: number;
  projectVersion: string;
  /** The findings computed now, by purl; purls absent from the map have none. */
  computed: Map<string, FindingFacts[]>;
  /** The stored findings of the same purls (or of the whole project version, for an upload), any state. */
  stored: readonly StoredFinding[];
  /** Current analyses of the stored findings. */
  analyses: Map<number, FindingAnalysis>;
  /**
   * What a finding that disappeared became: `fixed` when an upload no longer contains the vulnerable version,
   * `withdrawn` when an advisory import withdrew or narrowed the record.
   */
  disappeared: "fixed" | "withdrawn";
  at: string;
  snapshotId?: number;
}

/** What to write. */
export interface ReconcilePlan {
  insert: NewFinding[];
  update: FindingUpdate[];
  /** Stored findings that are back (they had been fixed or withdrawn): open again, or suppressed by triage. */
  reopen: { ids: number[]; suppressedIds: number[] };
  /** Open or suppressed findings that disappeared. */
  close: number[];
  /** The findings reopened as open (not those suppressed by triage), for events. */
  reopened: StoredFinding[];
  /** The closed findings, for events. */
  closed: StoredFinding[];
}

const ACTIVE = new Set(["open", "suppressed"]);

/**
 * The difference between the findings computed now and those stored, for one project version: new findings
 * to insert, stored ones whose facts changed, stored ones that reappear, and active ones that disappeared.
 * A finding is the same when it is about the same package and any id of its alias group is shared, so a new
 * record that changes which id is primary keeps the finding's identity and its clock.
 */
export function planReconcile(input: ReconcileInput): ReconcilePlan {
  const plan: ReconcilePlan = {
    insert: [],
    update: [],
    reopen: { ids: [], suppressedIds: [] },
    close: [],
    reopened: [],
    closed: [],
  };
  const byPurl = new Map<string, StoredFinding[]>();
  for (const s of input.stored) {
    const list = byPurl.get(s.purl) ?? [];
    list.push(s);
    byPurl.set(s.purl, list);
  }
  const seen = new Set<number>();
  for (const [purl, facts] of input.computed) {
    const candidates = byPurl.get(purl) ?? [];
    for (const f of facts) {
      const ids = new Set([f.finding.id, ...f.finding.aliases]);
      const match =
        candidates.find((s) => !seen.has(s.id) && s.vulnerabilityId === f.finding.id) ??
        candidates.find(
          (s) => !seen.has(s.id) && [s.finding.id, ...s.finding.aliases].some((id) => ids.has(id)),
        );
      if (!match) {
        const created: NewFinding = {
          ...f,
          projectId: input.projectId,
          projectVersion: input.projectVersion,
          detectedAt: input.at,
          ...(input.snapshotId !== undefined ? { detectedSnapshotId: input.snapshotId } : {}),
        };
        plan.insert.push(created);
        continue;
      }
      seen.add(match.id);
      if (factsChanged(match, f)) plan.update.push({ id: match.id, facts: f, at: input.at });
      if (!ACTIVE.has(match.state)) {
        if (suppresses(input.analyses.get(match.id))) plan.reopen.suppressedIds.push(match.id);
        else {
          plan.reopen.ids.push(match.id);
          plan.reopened.push(match);
        }
      }
    }
  }
  for (const s of input.stored) {
    if (seen.has(s.id) || !ACTIVE.has(s.state)) continue;
    plan.close.push(s.id);
    plan.closed.push(s);
  }
  return plan;
}

/**
 * Whether what a finding says changed (severity, fixed versions, paths, aliases, KEV, priority...). The SLA due
 * date is not a fact of the match: the clock's policy sets it (clock.applySla).
 */
function factsChanged(stored: StoredFinding, now: FindingFacts): boolean {
  return (
    JSON.stringify(stored.finding) !== JSON.stringify(now.finding) ||
    stored.kev !== now.kev ||
    stored.epss !== now.epss ||
    stored.priority !== now.priority ||
    stored.publishedAt !== now.publishedAt
  );
}
