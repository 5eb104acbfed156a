import type { CheckDefinition } from "../check.js";
import type { Workflow } from "../parse/workflow.js";
import { findLine } from "../parse/yaml-lines.js";
import { notEvaluated, type ProbeFinding, scored } from "../types.js";

/** Publishing commands in `run:` steps (line continuations joined first). */
const PUBLISH_COMMANDS: [string, RegExp][] = [
  ["npm", /\b(npm|yarn|pnpm)\s+publish\b/],
  ["maven", /\bmvnw?\b[^\n]*\bdeploy\b/],
  ["gradle", /\bgradlew?\b[^\n]*\bpublish/],
  ["rubygems", /\bgem\s+push\b/],
  ["nuget", /\b(dotnet\s+)?nuget\s+push\b/],
  ["docker", /\bdocker\s+(image\s+)?push\b/],
  ["cargo", /\bcargo\s+publish\b/],
  ["hex", /\bmix\s+hex\.publish\b/],
  ["sbt", /\bsbt\b[^\n]*\b(ci-release|publish)/],
  ["semantic-release", /\bsemantic-release\b/],
  ["pypi", /\b(twine\s+upload|poetry\s+publish|flit\s+publish|hatch\s+publish)\b/],
];

/** Publishing actions in `uses:` steps. */
const PUBLISH_ACTIONS: [string, RegExp][] = [
  ["docker", /^docker\/build-push-action@/],
  ["go", /^goreleaser\/goreleaser-action@/],
  ["pypi", /^pypa\/gh-action-pypi-publish@/],
  ["pypi", /^(relekang|python-semantic-release)\/python-semantic-release@/],
];

/** Probe: workflow steps that publish a package, with the ecosystem. */
export function packagingProbe(workflow: Workflow): ProbeFinding[] {
  const findings: ProbeFinding[] = [];
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      const run = step.run?.replace(/\\\n\s*/g, " ");
      const hit =
        (run !== undefined ? PUBLISH_COMMANDS.find(([, re]) => re.test(run)) : undefined) ??
        (step.uses ? PUBLISH_ACTIONS.find(([, re]) => re.test(step.uses!)) : undefined);
      if (!hit) continue;
      findings.push({
        probe: "packagedWithAutomatedWorkflow",
        outcome: "positive",
        message: `${hit[0]} package published by a workflow (job ${job.id})`,
        location: {
          path: workflow.path,
          line: step.uses ? findLine(workflow.text, step.uses, step.line) : step.line,
        },
        values: { ecosystem: hit[0] },
      });
    }
  }
  return findings;
}

/** Packaging (Medium): 10 when a workflow publishes packages; otherwise not evaluated (other channels may exist). */
export const packaging: CheckDefinition = {
  name: "Packaging",
  risk: "Medium",
  description: "packages published by an automated workflow",
  async run(ctx) {
    const { workflows, errors } = await ctx.repo.workflows();
    const findings = workflows.flatMap(packagingProbe);
    if (findings.length > 0) return scored(10, "packaging workflow detected", [...findings, ...errors]);
    return notEvaluated("packaging workflow not detected (packages may be published by other means)", errors);
  },
};
