import { type CheckDefinition, countedNegatives } from "../check.js";
import type { Workflow } from "../parse/workflow.js";
import { findLine } from "../parse/yaml-lines.js";
import { notEvaluated, type ProbeFinding, scored } from "../types.js";

/** A permissions block reduced to what scoring needs: "all" write access, or the scopes granted write. */
interface PermissionGrant {
  /** Undeclared (GitHub's default may be write-all) or `write-all`. */
  all: boolean;
  writes: Set<string>;
  undeclared: boolean;
}

function grantOf(declared: boolean, value: unknown): PermissionGrant {
  if (!declared) return { all: true, writes: new Set(), undeclared: true };
  // `permissions:` with no value and `permissions: {}` grant nothing.
  if (value === null || value === undefined) return { all: false, writes: new Set(), undeclared: false };
  if (typeof value === "string")
    return { all: value.toLowerCase() === "write-all", writes: new Set(), undeclared: false };
  const writes = new Set<string>();
  if (typeof value === "object") {
    for (const [scope, level] of Object.entries(value as Record<string, unknown>)) {
      if (String(level).toLowerCase() === "write") writes.add(scope.toLowerCase());
    }
  }
  return { all: false, writes, undeclared: false };
}

/** Scorecard's deductions, applied per workflow; `findings` records each with its evidence. */
function scoreWorkflow(workflow: Workflow, findings: ProbeFinding[]): number {
  const location = (needle: string, from = 1) => ({
    path: workflow.path,
    line: findLine(workflow.text, needle, from),
  });
  const top = grantOf(workflow.hasPermissionsKey, workflow.permissions);
  const jobs = workflow.jobs.map((job) => ({
    job,
    grant: grantOf(job.permissions !== undefined, job.permissions),
  }));
  const negative = (probe: string, message: string, loc: { path: string; line: number }, deduction: number) =>
    findings.push({ probe, outcome: "negative", message, location: loc, values: { deduction } });
  const jobAll = jobs.filter((j) => j.grant.all);
  let score = 10;
  if (top.all) {
    const why = top.undeclared ? "no top-level permissions declared" : "top-level permissions: write-all";
    if (jobAll.length > 0) {
      negative("topLevelPermissions", why, location(top.undeclared ? "jobs:" : "permissions:"), 10);
      for (const { job, grant } of jobAll) {
        negative(
          "jobLevelPermissions",
          `job ${job.id}: ${grant.undeclared ? "no permissions declared" : "permissions: write-all"}`,
          { path: workflow.path, line: job.line },
          0,
        );
      }
      return 0;
    }
    negative(
      "topLevelPermissions",
      `${why} (every job declares its own)`,
      location(top.undeclared ? "jobs:" : "permissions:"),
      0.5,
    );
    score -= 0.5;
  } else {
    findings.push({
      probe: "topLevelPermissions",
      outcome: "positive",
      message: "top-level permissions are read-only or narrower",
      location: location("permissions:"),
    });
  }
  const anywhere = (scope: string) =>
    top.writes.has(scope) ? "top" : jobs.find((j) => j.grant.writes.has(scope))?.job.id;
  for (const [scope, deduction] of [
    ["statuses", 0.5],
    ["checks", 0.5],
    ["deployments", 1],
  ] as const) {
    const where = anywhere(scope);
    if (!where) continue;
    negative(
      where === "top" ? "topLevelPermissions" : "jobLevelPermissions",
      `${scope}: write ${where === "top" ? "at top level" : `in job ${where}`}`,
      location(`${scope}:`),
      deduction,
    );
    score -= deduction;
  }
  // Write scopes at the top level reach every job; at job level they are scoped to what needs them.
  for (const [scope, deduction] of [
    ["security-events", 1],
    ["contents", 10],
    ["packages", 10],
    ["actions", 10],
  ] as const) {
    if (!top.writes.has(scope)) continue;
    negative("topLevelPermissions", `${scope}: write at top level`, location(`${scope}:`), deduction);
    score -= deduction;
  }
  return score;
}

/** Token-Permissions (High): Scorecard's deductions over every workflow; no workflows: not evaluated. */
export const tokenPermissions: CheckDefinition = {
  name: "Token-Permissions",
  risk: "High",
  description: "least-privilege GITHUB_TOKEN permissions in workflows",
  async run(ctx) {
    const { workflows, errors, fileCount } = await ctx.repo.workflows();
    if (fileCount === 0) return notEvaluated("no GitHub workflows found", [], "not-applicable");
    if (workflows.length === 0)
      return notEvaluated(`no workflow could be parsed (${errors.length} malformed)`, errors);
    const findings: ProbeFinding[] = [];
    let score = 10;
    // Every workflow is examined even once the score reaches 0: each over-privileged one is evidence to fix.
    for (const workflow of workflows) {
      const own: ProbeFinding[] = [];
      const workflowScore = scoreWorkflow(workflow, own);
      ctx.suppress(own);
      // Suppressed deductions are given back.
      const given = own
        .filter((f) => f.suppressed)
        .reduce((sum, f) => sum + Number(f.values?.deduction ?? 0), 0);
      findings.push(...own);
      if (workflowScore <= 0 && given === 0) score = 0;
      else score -= 10 - Math.min(10, workflowScore + given);
    }
    score = Math.max(0, score);
    const all = [...findings, ...errors];
    const note = errors.length > 0 ? ` (${errors.length} malformed workflow(s) not analysed)` : "";
    const problems = countedNegatives(findings).length;
    return scored(
      score,
      problems === 0
        ? `GitHub workflow tokens follow the least-privilege principle${note}`
        : `detected GitHub workflow tokens with excessive permissions${note}`,
      all,
    );
  },
};
