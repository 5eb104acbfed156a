import { importAdvisories } from "../advisories/import.js";
import type { InvalidRecord } from "../advisories/osv-reader.js";
import type { PackageKey, WriteResult } from "../advisories/ports.js";
import { BulwarkError } from "../model/errors.js";
import type {
  FindingAnalysis,
  PortfolioRepositories,
  StoredComponent,
  StoredFinding,
} from "../store/portfolio/ports.js";
import { type AppliedChanges, applyPlans } from "./apply.js";
import type { PortfolioContext } from "./context.js";
import { ADVISORIES_IMPORTED } from "./ingest.js";
import { keyText, PortfolioMatcher } from "./match.js";
import { evaluateProjectPolicies } from "./policy-evaluation.js";
import { planReconcile, type ReconcilePlan } from "./reconcile.js";

/** What an advisory import did, to the database and to the portfolio. */
export interface PortfolioImportAnswer {
  imported: number;
  replaced: number;
  skipped: number;
  /** Records or files rejected, each with the file and the reason. */
  invalid: InvalidRecord[];
  newFindings: number;
  closedFindings: number;
  affectedProjects: number;
  ms: number;
}

/** How often the portfolio step re-reads projects that an upload changed while it matched. */
const MAX_ATTEMPTS = 5;

/**
 * Imports advisories (files, folders, zips — exactly as `bulwark db import` reads them, with its validation
 * and limits) and brings the portfolio up to date with them: the records are written first (short
 * transactions in the advisory store), the import is announced (an `advisories.imported` event, so uploads
 * matching at that moment match again), then only the components of the packages the changed records name
 * are re-matched — through the reverse index, never a scan of the portfolio — and their findings reconciled
 * in one short transaction: new ones detected now, ones a withdrawn or narrowed record no longer supports
 * closed as `withdrawn`. Projects an upload changed meanwhile are read again.
 */
export async function importIntoPortfolio(
  ctx: PortfolioContext,
  sources: string[],
  options: { source: string; by: string; signal?: AbortSignal },
): Promise<PortfolioImportAnswer> {
  const writer = ctx.advisoryWriter;
  if (!writer) throw new BulwarkError("USAGE", "this server cannot write advisories");
  const started = performance.now();
  const writes: WriteResult[] = [];
  const report = await importAdvisories(writer, sources, {
    onWrite: (result) => writes.push(result),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const changed = [...new Set(writes.flatMap((w) => w.changed))];
  const touched = writes.flatMap((w) => w.touched);
  const changes = await reconcileTouched(ctx, touched, { ...options, changed });
  const answer: PortfolioImportAnswer = {
    imported: report.imported,
    replaced: report.replaced,
    skipped: report.skipped,
    invalid: report.invalid,
    newFindings: changes.newFindings,
    closedFindings: changes.closedFindings,
    affectedProjects: changes.projectIds.length,
    ms: Math.round(performance.now() - started),
  };
  const at = ctx.clock().toISOString();
  const { invalid: _invalid, ...counts } = answer;
  await ctx.store.transaction(async (tx) => {
    await tx.advisoryImports.record({ at, source: options.source, ...counts });
    await tx.audit.append([
      { at, keyName: options.by, action: "advisories.import", target: options.source, details: counts },
    ]);
    if (answer.newFindings > 0)
      await tx.events.append([
        {
          type: "advisory.affects-portfolio",
          occurredAt: at,
          payload: { source: options.source, advisories: changed.slice(0, 100), ...counts },
        },
      ]);
  });
  return answer;
}

/**
 * The portfolio half of an advisory change: announces it, then re-matches and reconciles the components of
 * the touched packages (see importIntoPortfolio). Also what a scheduled `db update` calls.
 */
export async function reconcileTouched(
  ctx: PortfolioContext,
  touched: readonly PackageKey[],
  options: { source: string; changed: readonly string[] },
): Promise<AppliedChanges> {
  const at = () => ctx.clock().toISOString();
  await ctx.store.events.append([
    {
      type: ADVISORIES_IMPORTED,
      occurredAt: at(),
      payload: { source: options.source, changed: options.changed.length, packages: touched.length },
    },
  ]);
  const matcher = new PortfolioMatcher(ctx.advisories, ctx.enricher);
  let changes: AppliedChanges = { newFindings: 0, closedFindings: 0, reopened: 0, projectIds: [] };
  let only: Set<number> | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS && touched.length > 0; attempt++) {
    const work = await readAffected(ctx, touched, only);
    const plans = await planAll(matcher, work, at());
    const stale: number[] = [];
    const applied = await ctx.store.transaction(async (tx) => {
      const ids = [...work.projects.keys()].sort((a, b) => a - b);
      await tx.projects.lock(ids);
      const now = await currentSnapshots(tx, ids);
      for (const id of ids) if (now.get(id) !== work.snapshots.get(id)) stale.push(id);
      const fresh = plans.filter((p) => !stale.includes(p.projectId));
      return applyPlans(tx, fresh, {
        at: at(),
        disappeared: "withdrawn",
        cause: { advisories: options.changed.slice(0, 100), source: options.source },
        ...(ctx.sla ? { sla: ctx.sla } : {}),
      });
    });
    changes = merge(changes, applied);
    if (stale.length === 0) break;
    only = new Set(stale);
    if (attempt === MAX_ATTEMPTS)
      throw new BulwarkError(
        "CONFLICT",
        "projects kept changing while the import was matched; import again",
        {
          details: { projects: stale },
        },
      );
  }
  await evaluateProjectPolicies(ctx, changes.projectIds);
  return changes;
}

/** The components and findings of the touched packages, by project version. */
interface Affected {
  /** Project id -> name. */
  projects: Map<number, string>;
  /** Project id -> its current snapshots when read ("version:snapshot" joined), to detect later uploads. */
  snapshots: Map<number, string>;
  /** "projectId\0version" -> components and stored findings of the touched packages. */
  versions: Map<
    string,
    { projectId: number; version: string; components: StoredComponent[]; stored: StoredFinding[] }
  >;
  /** Current triage of the stored findings that may come back. */
  analyses: Map<number, FindingAnalysis>;
}

async function readAffected(
  ctx: PortfolioContext,
  touched: readonly PackageKey[],
  only: Set<number> | undefined,
): Promise<Affected> {
  const affected: Affected = {
    projects: new Map(),
    snapshots: new Map(),
    versions: new Map(),
    analyses: new Map(),
  };
  const slot = (projectId: number, version: string) => {
    const id = `${projectId}\u0000${version}`;
    let entry = affected.versions.get(id);
    if (!entry) {
      entry = { projectId, version, components: [], stored: [] };
      affected.versions.set(id, entry);
    }
    return entry;
  };
  const seenKeys = new Set<string>();
  for (const key of touched) {
    if (seenKeys.has(keyText(key))) continue;
    seenKeys.add(keyText(key));
    let cursor: string | undefined;
    do {
      const page = await ctx.store.components.byPackage(key, { limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const c of page.items) {
        if (only && !only.has(c.projectId)) continue;
        affected.projects.set(c.projectId, c.projectName);
        slot(c.projectId, c.projectVersion).components.push(c);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    for await (const batch of ctx.store.findings.scanPackage(key))
      for (const f of batch)
        if (!only || only.has(f.projectId)) slot(f.projectId, f.projectVersion).stored.push(f);
  }
  const ids = [...new Set([...affected.versions.values()].map((v) => v.projectId))];
  for (const [id, snapshots] of await currentSnapshots(ctx.store, ids)) affected.snapshots.set(id, snapshots);
  // a finding that comes back after being fixed or withdrawn returns to its triage (suppressed or open)
  const closed = [...affected.versions.values()].flatMap((v) =>
    v.stored.filter((s) => s.state === "fixed" || s.state === "withdrawn"),
  );
  if (closed.length) affected.analyses = await ctx.store.analyses.current(closed.map((s) => s.id));
  return affected;
}

/** Each project's current snapshots, as one comparable string. */
async function currentSnapshots(
  repos: PortfolioRepositories,
  ids: readonly number[],
): Promise<Map<number, string>> {
  const out = new Map<number, string[]>();
  for (const c of await repos.snapshots.currentOf(ids)) {
    const list = out.get(c.projectId) ?? [];
    list.push(`${c.version}:${c.snapshotId}`);
    out.set(c.projectId, list);
  }
  return new Map(ids.map((id) => [id, (out.get(id) ?? []).sort().join("\u0000")]));
}

async function planAll(
  matcher: PortfolioMatcher,
  affected: Affected,
  at: string,
): Promise<(ReconcilePlan & { projectId: number; projectVersion: string; projectName: string })[]> {
  const plans = [];
  for (const { projectId, version, components, stored } of affected.versions.values()) {
    const name = affected.projects.get(projectId);
    if (name === undefined) continue; // deleted meanwhile
    const computed = await matcher.findingsByPurl(components);
    const current = new Set(components.map((c) => c.purl));
    const plan = planReconcile({
      projectId,
      projectVersion: version,
      computed,
      // findings of components no longer current were settled by the upload that removed them
      stored: stored.filter((s) => current.has(s.purl)),
      analyses: affected.analyses,
      disappeared: "withdrawn",
      at,
    });
    plans.push({ ...plan, projectId, projectVersion: version, projectName: name });
  }
  return plans;
}

function merge(a: AppliedChanges, b: AppliedChanges): AppliedChanges {
  return {
    newFindings: a.newFindings + b.newFindings,
    closedFindings: a.closedFindings + b.closedFindings,
    reopened: a.reopened + b.reopened,
    projectIds: [...new Set([...a.projectIds, ...b.projectIds])],
  };
}
