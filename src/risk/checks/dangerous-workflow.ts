import { type CheckDefinition, countedNegatives } from "../check.js";
import type { Workflow } from "../parse/workflow.js";
import { findLine } from "../parse/yaml-lines.js";
import { notEvaluated, type ProbeFinding, scored } from "../types.js";

/** Contexts an outside contributor controls (Scorecard's list), matched inside `${{ }}` expressions. */
const UNTRUSTED_CONTEXT = new RegExp(
  [
    "issue\\.title",
    "issue\\.body",
    "pull_request\\.title",
    "pull_request\\.body",
    "comment\\.body",
    "review\\.body",
    "review_comment\\.body",
    "pages.*\\.page_name",
    "commits.*\\.message",
    "head_commit\\.message",
    "head_commit\\.author\\.email",
    "head_commit\\.author\\.name",
    "commits.*\\.author\\.email",
    "commits.*\\.author\\.name",
    "pull_request\\.head\\.ref",
    "pull_request\\.head\\.label",
    "pull_request\\.head\\.repo\\.default_branch",
    "github\\.head_ref",
  ].join("|"),
);
/** `toJSON(github.event)` (or of all of `github`) serialises every untrusted field at once. */
const WHOLE_EVENT = /tojson\(\s*github(\.event)?\s*\)/i;
const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
/** Refs naming the pull request's head under privileged triggers. */
const UNTRUSTED_REF = /github\.event\.pull_request|github\.head_ref|github\.event\.workflow_run/;
const PRIVILEGED_TRIGGERS = ["pull_request_target", "workflow_run"];

/** Probe: a privileged workflow checks out code from the pull request (or the triggering run). */
export function untrustedCheckoutProbe(workflow: Workflow): ProbeFinding[] {
  const findings: ProbeFinding[] = [];
  if (!workflow.triggers.some((t) => PRIVILEGED_TRIGGERS.includes(t))) return findings;
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      if (!step.uses?.toLowerCase().startsWith("actions/checkout")) continue;
      // The pull request's head, by ref or by checking out the fork's repository.
      const ref = [step.with.ref, step.with.repository].find(
        (v) => typeof v === "string" && UNTRUSTED_REF.test(v),
      );
      if (typeof ref !== "string") continue;
      findings.push({
        probe: "hasDangerousWorkflowUntrustedCheckout",
        outcome: "negative",
        message: `untrusted code checkout under ${workflow.triggers.join("/")}: ref ${ref.trim()}`,
        location: { path: workflow.path, line: findLine(workflow.text, ref, step.line) },
        values: { job: job.id },
      });
    }
  }
  return findings;
}

/** Probe: `${{ }}` expressions of untrusted contexts interpolated into `run:` or github-script `script:`. */
export function scriptInjectionProbe(workflow: Workflow): ProbeFinding[] {
  const findings: ProbeFinding[] = [];
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      const script =
        step.run ??
        (step.uses?.startsWith("actions/github-script") ? String(step.with.script ?? "") : undefined);
      if (!script) continue;
      for (const match of script.matchAll(EXPRESSION)) {
        const expression = match[1].trim();
        if (!UNTRUSTED_CONTEXT.test(expression) && !WHOLE_EVENT.test(expression)) continue;
        findings.push({
          probe: "hasDangerousWorkflowScriptInjection",
          outcome: "negative",
          message: `script injection: untrusted \${{ ${expression} }} in a ${step.run !== undefined ? "run" : "script"} step`,
          location: { path: workflow.path, line: findLine(workflow.text, match[0], step.line) },
          values: { job: job.id, expression },
        });
      }
    }
  }
  return findings;
}

/** Dangerous-Workflow (Critical): 0 when any dangerous pattern is found, else 10; no workflows: not evaluated. */
export const dangerousWorkflow: CheckDefinition = {
  name: "Dangerous-Workflow",
  risk: "Critical",
  description: "untrusted checkouts under privileged triggers and script injection in GitHub workflows",
  async run(ctx) {
    const { workflows, errors, fileCount } = await ctx.repo.workflows();
    if (fileCount === 0) return notEvaluated("no GitHub workflows found", [], "not-applicable");
    const findings = ctx.suppress(
      workflows.flatMap((w) => [...untrustedCheckoutProbe(w), ...scriptInjectionProbe(w)]),
    );
    if (workflows.length === 0) {
      return notEvaluated(`no workflow could be parsed (${errors.length} malformed)`, errors);
    }
    const all = [...findings, ...errors];
    const dangerous = countedNegatives(findings);
    if (dangerous.length > 0)
      return scored(0, `${dangerous.length} dangerous workflow pattern(s) detected`, all);
    const note = errors.length > 0 ? ` (${errors.length} malformed workflow(s) not analysed)` : "";
    return scored(10, `no dangerous workflow patterns detected${note}`, [
      ...all,
      {
        probe: "hasDangerousWorkflow",
        outcome: "positive",
        message: `${workflows.length} workflow(s) analysed, no dangerous pattern`,
      },
    ]);
  },
};
