import type { CheckDefinition } from "../check.js";
import { notEvaluated, type ProbeFinding } from "../types.js";

const TEST_COMMAND =
  /\b(npm|yarn|pnpm)\s+(run\s+)?test\b|\bgo\s+test\b|\bpytest\b|\btox\b|\bcargo\s+test\b|\bmvnw?\b[^\n]*\b(test|verify)\b|\bgradlew?\b[^\n]*\b(test|check)\b|\bmake\s+(test|check)\b|\bdotnet\s+test\b|\bbundle\s+exec\s+rspec\b/;

/**
 * CI-Tests (Low): Scorecard scores the share of recently merged pull requests whose CI ran tests — data that
 * lives in the forge's check runs, not in the clone. The check is not evaluated; workflows that run tests
 * on pull requests are reported as evidence.
 */
export const ciTests: CheckDefinition = {
  name: "CI-Tests",
  risk: "Low",
  description: "tests run in CI on pull requests",
  async run(ctx) {
    const { workflows } = await ctx.repo.workflows();
    const findings: ProbeFinding[] = [];
    for (const w of workflows) {
      if (!w.triggers.some((t) => t === "pull_request" || t === "pull_request_target" || t === "merge_group"))
        continue;
      for (const job of w.jobs) {
        const step = job.steps.find((s) => s.run !== undefined && TEST_COMMAND.test(s.run));
        if (step) {
          findings.push({
            probe: "testsRunInCI",
            outcome: "positive",
            message: `job ${job.id} runs tests on pull requests`,
            location: { path: w.path, line: step.line },
          });
        }
      }
    }
    return notEvaluated(
      "needs the GitHub API (check runs of merged pull requests); workflow evidence is listed",
      findings,
    );
  },
};
