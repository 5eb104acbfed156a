import { createHash } from "node:crypto";
import { inventoryToJson } from "../inventory/json.js";
import { BulwarkError } from "../model/errors.js";
import type { NewComponent, Project, SnapshotInfo } from "../store/portfolio/ports.js";
import { encodeSnapshotContent } from "../store/portfolio/snapshot-content.js";
import { applyPlans } from "./apply.js";
import { checkProjectName, checkVersionLabel, type PortfolioContext } from "./context.js";
import { PortfolioMatcher } from "./match.js";
import { evaluateProjectPolicies } from "./policy-evaluation.js";
import { planReconcile } from "./reconcile.js";
import { componentsOf, parseUpload } from "./upload.js";

/** An upload of a project's inventory. */
export interface UploadRequest {
  project: string;
  /** A branch or release label; "" when the upload names none. */
  version?: string;
  /** The document: CycloneDX (JSON/XML), SPDX (JSON/tag-value) or a Bulwark inventory. */
  body: string;
  /** The API key's name, for the snapshot and the audit log. */
  uploadedBy: string;
  signal?: AbortSignal;
}

/** What an upload did. */
export interface UploadAnswer {
  project: Project;
  snapshot: SnapshotInfo;
  components: number;
  findings: { new: number; fixed: number; open: number };
}

/** The event an advisory import appends before it looks at the portfolio (see monitor.ts). */
export const ADVISORIES_IMPORTED = "advisories.imported";

/** How often an upload re-matches when advisory imports keep landing while it works. */
const MAX_ATTEMPTS = 5;

class AdvisoriesChanged extends Error {}

/**
 * Takes an upload: reads the document (400 on anything malformed, nothing stored), derives its components,
 * matches them exactly as `bulwark scan` would, then in one short transaction stores the snapshot, replaces
 * the project version's components, reconciles its findings (new ones detected now, vanished ones fixed by
 * this snapshot) and appends the events. An advisory import that lands while the upload matches makes it
 * match again, so no advisory is missed (see monitor.ts for the other half of the protocol).
 */
export async function ingestUpload(ctx: PortfolioContext, request: UploadRequest): Promise<UploadAnswer> {
  const name = checkProjectName(request.project);
  const version = checkVersionLabel(request.version ?? "");
  const parsed = await parseUpload(request.body, {
    maxBytes: Number.MAX_SAFE_INTEGER,
    signal: request.signal,
  });
  const derived = componentsOf(parsed.inventory);
  const components: NewComponent[] = derived.map((c) => ({
    purl: c.purl,
    ecosystem: c.ecosystem,
    name: c.name,
    version: c.version,
    key: { ecosystem: c.indexEcosystem, name: c.indexName },
    ...(c.direct !== undefined ? { direct: c.direct } : {}),
    scope: c.scope,
    licenses: c.licenses,
    locations: c.locations,
    paths: c.paths,
  }));
  const matchable = components.filter((_, i) => derived[i]!.resolved);
  const content = await encodeSnapshotContent(inventoryToJson(parsed.inventory));
  const digest = `sha256:${createHash("sha256").update(request.body).digest("hex")}`;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const seen = await ctx.store.events.lastId();
    const computed = await new PortfolioMatcher(ctx.advisories, ctx.enricher).findingsByPurl(matchable);
    const at = ctx.clock().toISOString();
    try {
      const answer = await ctx.store.transaction(async (tx) => {
        const { project } = await tx.projects.ensure(name, at);
        await tx.projects.lock([project.id]);
        if ((await tx.events.read({ after: seen, types: [ADVISORIES_IMPORTED], limit: 1 })).length > 0)
          throw new AdvisoriesChanged();
        const snapshot = await tx.snapshots.add({
          projectId: project.id,
          version,
          createdAt: at,
          format: parsed.format,
          componentCount: components.length,
          content,
          digest,
          uploadedBy: request.uploadedBy,
        });
        await tx.components.replace(project.id, version, components);
        const stored = await tx.findings.forProjectVersion(project.id, version);
        const analyses = await tx.analyses.current(stored.map((s) => s.id));
        const plan = planReconcile({
          projectId: project.id,
          projectVersion: version,
          computed,
          stored,
          analyses,
          disappeared: "fixed",
          at,
          snapshotId: snapshot.id,
        });
        await applyPlans(
          tx,
          [{ ...plan, projectId: project.id, projectVersion: version, projectName: name }],
          {
            at,
            disappeared: "fixed",
            snapshotId: snapshot.id,
            cause: { snapshot: snapshot.id },
            ...(ctx.sla ? { sla: ctx.sla } : {}),
          },
        );
        await tx.projects.recordUpload(project.id, at);
        await tx.events.append([
          {
            type: "upload.accepted",
            occurredAt: at,
            projectId: project.id,
            payload: {
              project: name,
              version,
              snapshot: snapshot.id,
              components: components.length,
              format: parsed.format,
            },
          },
        ]);
        await tx.audit.append([
          {
            at,
            keyName: request.uploadedBy,
            action: "upload",
            target: name,
            details: { version, snapshot: snapshot.id, digest },
          },
        ]);
        await tx.snapshots.prune(project.id, version, ctx.retention);
        const open = (await tx.findings.forProjectVersion(project.id, version, ["open"])).length;
        return {
          project: (await tx.projects.getById(project.id)) ?? project,
          snapshot,
          components: components.length,
          findings: { new: plan.insert.length, fixed: plan.close.length, open },
        };
      });
      await evaluateProjectPolicies(ctx, [answer.project.id]);
      return answer;
    } catch (error) {
      if (!(error instanceof AdvisoriesChanged)) throw error;
    }
  }
  throw new BulwarkError("CONFLICT", "advisories kept changing while the upload was matched; send it again", {
    details: { project: name },
  });
}
