import type { CheckDefinition } from "../check.js";
import { apiOnlyChecks } from "./api-only.js";
import { binaryArtifacts } from "./binary-artifacts.js";
import { ciTests } from "./ci-tests.js";
import { contributors } from "./contributors.js";
import { dangerousWorkflow } from "./dangerous-workflow.js";
import { dependencyUpdateTool } from "./dependency-update-tool.js";
import { fuzzing } from "./fuzzing.js";
import { license } from "./license.js";
import { maintained } from "./maintained.js";
import { packaging } from "./packaging.js";
import { pinnedDependencies } from "./pinned-dependencies.js";
import { sast } from "./sast.js";
import { securityPolicy } from "./security-policy.js";
import { signedReleases } from "./signed-releases.js";
import { tokenPermissions } from "./token-permissions.js";
import { vulnerabilities } from "./vulnerabilities.js";

/** Every check, in Scorecard's documentation order; the assessment runs them in this order. */
export const CHECKS: readonly CheckDefinition[] = [
  binaryArtifacts,
  apiOnlyChecks[0],
  ciTests,
  apiOnlyChecks[3],
  apiOnlyChecks[1],
  contributors,
  dangerousWorkflow,
  dependencyUpdateTool,
  fuzzing,
  license,
  maintained,
  packaging,
  pinnedDependencies,
  sast,
  securityPolicy,
  signedReleases,
  tokenPermissions,
  vulnerabilities,
  apiOnlyChecks[2],
];

/** Finds a check by name, case-insensitively. */
export function findCheck(name: string): CheckDefinition | undefined {
  return CHECKS.find((c) => c.name.toLowerCase() === name.trim().toLowerCase());
}
