/**
 * Policies: a TOML file of rules (severity, KEV, EPSS, licences, package patterns, risk score) evaluated on
 * a project's findings and packages into violations at `fail`, `warn` or `info`. See docs/policies.md.
 */
import { readFile, stat } from "node:fs/promises";
import { reasonOf } from "../model/errors.js";
import { PolicyError } from "./errors.js";
import { type Policy, parsePolicy } from "./parse.js";

export { PolicyError } from "./errors.js";
export { evaluatePolicy, type PolicyInput } from "./evaluate.js";
export { allowedBy, deniedBy, type LicenceTerm, listEntryTerms, parseLicenceExpression } from "./licences.js";
export { type Policy, type PolicyRule, parsePolicy } from "./parse.js";
export { compilePurlPattern, type PurlPattern } from "./purl-pattern.js";
export { type RiskScore, riskScoreFromReport } from "./risk.js";
export { PolicySchema, SEVERITY_THRESHOLDS } from "./schema.js";

/** Largest policy file read (a policy is a page of rules). */
export const MAX_POLICY_BYTES = 1024 * 1024;

/** Reads and parses a policy file; a missing, unreadable or oversized file is a PolicyError naming it. */
export async function loadPolicy(path: string): Promise<Policy> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error("not a regular file");
    size = info.size;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new PolicyError(`cannot read the policy ${path}: ${missing ? "no such file" : reasonOf(error)}`, {
      code: missing ? "INPUT_NOT_FOUND" : "INPUT_UNREADABLE",
      details: { path },
    });
  }
  if (size > MAX_POLICY_BYTES)
    throw new PolicyError(`the policy ${path} is ${size} bytes, over the ${MAX_POLICY_BYTES}-byte limit`, {
      code: "INPUT_TOO_LARGE",
      details: { path, limit: MAX_POLICY_BYTES },
    });
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new PolicyError(`cannot read the policy ${path}: ${reasonOf(error)}`, {
      code: "INPUT_UNREADABLE",
      details: { path },
    });
  }
  return parsePolicy(text, path);
}
