import type { CheckDefinition } from "../check.js";
import { actionReferences } from "../parse/workflow.js";
import { fileName } from "../paths.js";
import { type ProbeFinding, scored } from "../types.js";

/** SAST tools recognised in workflow `uses:` references. */
const SAST_ACTIONS: [string, RegExp][] = [
  ["CodeQL", /^github\/codeql-action\/(init|analyze|autobuild)@/],
  ["Semgrep", /^(returntocorp|semgrep)\/semgrep-action@/],
  ["Snyk", /^snyk\/actions\//],
  ["SonarCloud", /^SonarSource\/(sonarcloud|sonarqube)-(github-action|scan-action)@/i],
  ["Pysa", /^facebook\/pysa-action/],
  ["Qodana", /^JetBrains\/qodana-action@/],
  ["Hadolint", /^hadolint\/hadolint-action@/],
  ["gosec", /^securego\/gosec@/],
  ["Bandit", /bandit/i],
];

/** SAST configuration files recognised in the tree. */
const SAST_FILES: [string, RegExp][] = [
  ["Semgrep", /^\.semgrep(\.ya?ml)?$/],
  ["SonarCloud", /^sonar-project\.properties$/],
  ["Snyk", /^\.snyk$/],
];

/** SAST (Medium): 10 when a static-analysis tool runs in workflows (or is configured), else 0. */
export const sast: CheckDefinition = {
  name: "SAST",
  risk: "Medium",
  description: "static analysis (CodeQL, Semgrep, Snyk, SonarCloud, ...) run by the project",
  async run(ctx) {
    const { workflows, errors } = await ctx.repo.workflows();
    const findings: ProbeFinding[] = [];
    for (const workflow of workflows) {
      for (const { uses, line } of actionReferences(workflow)) {
        const tool = SAST_ACTIONS.find(([, re]) => re.test(uses));
        if (tool) {
          findings.push({
            probe: "sastToolConfigured",
            outcome: "positive",
            message: `${tool[0]} runs in a workflow`,
            location: { path: workflow.path, line },
            values: { tool: tool[0] },
          });
        }
      }
    }
    for (const file of ctx.repo.files.filter((f) => fileName(f.path) === "pom.xml")) {
      // Maven projects analysed by SonarQube declare its server in pom.xml properties.
      const read = await ctx.repo.readText(file.path);
      if ("text" in read && /<sonar\.host\.url>/.test(read.text)) {
        findings.push({
          probe: "sastToolConfigured",
          outcome: "positive",
          message: "SonarQube configured in pom.xml",
          location: { path: file.path },
          values: { tool: "SonarQube" },
        });
      }
    }
    for (const file of ctx.repo.files) {
      const tool = SAST_FILES.find(([, re]) => re.test(fileName(file.path)) && !file.path.includes("/"));
      if (tool) {
        findings.push({
          probe: "sastToolConfigured",
          outcome: "positive",
          message: `${tool[0]} configuration present`,
          location: { path: file.path },
          values: { tool: tool[0] },
        });
      }
    }
    if (findings.length > 0) {
      const tools = [...new Set(findings.map((f) => f.values?.tool))].join(", ");
      return scored(10, `SAST tool detected: ${tools}`, [...findings, ...errors]);
    }
    return scored(
      0,
      "no SAST tool detected in workflows or configuration (pull-request check runs were not examined)",
      [{ probe: "sastToolConfigured", outcome: "negative", message: "no SAST tool found" }, ...errors],
    );
  },
};
