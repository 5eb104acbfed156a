import type { CheckDefinition } from "../check.js";
import type { RiskLevel } from "../types.js";
import { notEvaluated } from "../types.js";

function apiOnly(name: string, risk: RiskLevel, needs: string): CheckDefinition {
  return {
    name,
    risk,
    description: `${needs} (forge API)`,
    run: () => notEvaluated(`needs the GitHub API (${needs}); a clone cannot answer it`),
  };
}

/** Scorecard checks whose evidence lives only on the forge: listed, never scored. */
export const apiOnlyChecks: CheckDefinition[] = [
  apiOnly("Branch-Protection", "High", "branch protection rules"),
  apiOnly("Code-Review", "High", "pull-request reviews of recent changes"),
  apiOnly("Webhooks", "Critical", "repository webhook settings"),
  apiOnly("CII-Best-Practices", "Low", "OpenSSF Best Practices badge lookup"),
];
