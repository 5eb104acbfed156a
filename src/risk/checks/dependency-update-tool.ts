import type { CheckDefinition } from "../check.js";
import { type ProbeFinding, scored } from "../types.js";

/** Configuration files of dependency-update tools, by repository path. */
const TOOLS: [string, RegExp][] = [
  ["Dependabot", /^\.github\/dependabot\.ya?ml$/i],
  ["Renovate", /^(\.github\/|\.gitlab\/)?renovate\.json5?$|^\.renovaterc(\.json5?)?$/i],
  ["PyUp", /^\.pyup\.ya?ml$/i],
  ["Scala Steward", /^\.scala-steward\.conf$|^\.github\/\.scala-steward\.conf$/i],
  ["Lift", /^\.lift\.toml$|^\.lift\/config\.toml$/i],
];

/** Dependency-Update-Tool (High): 10 when Dependabot, Renovate, PyUp or similar is configured, else 0. */
export const dependencyUpdateTool: CheckDefinition = {
  name: "Dependency-Update-Tool",
  risk: "High",
  description: "an automated dependency-update tool is configured",
  run(ctx) {
    const findings: ProbeFinding[] = [];
    for (const file of ctx.repo.files) {
      const tool = TOOLS.find(([, re]) => re.test(file.path));
      if (tool) {
        findings.push({
          probe: "dependencyUpdateToolConfigured",
          outcome: "positive",
          message: `${tool[0]} configuration found`,
          location: { path: file.path },
          values: { tool: tool[0] },
        });
      }
    }
    if (findings.length > 0) return scored(10, `update tool detected: ${findings[0].values?.tool}`, findings);
    return scored(0, "no update tool detected", [
      {
        probe: "dependencyUpdateToolConfigured",
        outcome: "negative",
        message: "no Dependabot/Renovate/PyUp configuration found",
      },
    ]);
  },
};
