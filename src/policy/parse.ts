import { Ajv, type ErrorObject } from "ajv";
import { parse, TomlError } from "smol-toml";
import type { PolicyLevel } from "../model/policy.js";
import { PolicyError } from "./errors.js";
import { type LicenceTerm, listEntryTerms } from "./licences.js";
import { compilePurlPattern, type PurlPattern } from "./purl-pattern.js";
import {
  type PolicyDocument,
  PolicySchema,
  type SEVERITY_THRESHOLDS,
  type UNKNOWN_LICENCE,
} from "./schema.js";

/** A rule ready to evaluate: its conditions parsed (licence lists, purl patterns). */
export interface PolicyRule {
  name: string;
  level: PolicyLevel;
  description?: string;
  severity?: (typeof SEVERITY_THRESHOLDS)[number];
  kev?: boolean;
  epss?: number;
  licences?: { allow?: LicenceTerm[]; deny?: LicenceTerm[]; unknown: (typeof UNKNOWN_LICENCE)[number] };
  packages?: PurlPattern[];
  riskBelow?: number;
}

/** A policy: where it came from and its rules, in file order. */
export interface Policy {
  source: string;
  rules: PolicyRule[];
}

let validate: ReturnType<Ajv["compile"]> | undefined;

/**
 * Parses and validates a policy file's TOML text (`source` names it in errors). Throws PolicyError naming
 * the first problem: invalid TOML (with its line), an unknown key, a missing or mistyped value, a rule
 * without conditions, two rules with one name, a licence entry that is not an SPDX expression, a package
 * pattern that is not a package URL.
 */
export function parsePolicy(text: string, source: string): Policy {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    const line = error instanceof TomlError ? error.line : undefined;
    const reason = String((error as Error).message)
      .split("\n")[0]
      ?.replace(/^Invalid TOML document: /, "");
    throw new PolicyError(`${source}: invalid TOML${line ? ` at line ${line}` : ""}: ${reason}`, {
      details: { path: source, ...(line ? { line } : {}) },
    });
  }
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(PolicySchema);
  if (!validate(doc)) {
    // A misspelt key is the real mistake behind the "required" error it also causes: name it first.
    const errors = validate.errors ?? [];
    const error = (errors.find((e) => e.keyword === "additionalProperties") ?? errors[0]) as ErrorObject;
    throw new PolicyError(`${source}: ${describe(error, doc)}`, {
      details: { path: source, key: keyOf(error) },
      hint: "see docs/policies.md for the keys a rule takes",
    });
  }
  const names = new Set<string>();
  const rules = (doc as PolicyDocument).rule.map((raw, i) => {
    const where = `${source}: rule[${i}] ("${raw.name}")`;
    const fail = (message: string): never => {
      throw new PolicyError(`${where}: ${message}`, { details: { path: source, rule: raw.name } });
    };
    if (names.has(raw.name)) fail("another rule has this name: names identify violations, make them unique");
    names.add(raw.name);
    const conditions = ["severity", "kev", "epss", "licenses", "packages", "risk_below"] as const;
    if (!conditions.some((c) => raw[c] !== undefined))
      fail(`has no condition: give at least one of ${conditions.join(", ")}`);
    const rule: PolicyRule = { name: raw.name, level: raw.level };
    if (raw.description) rule.description = raw.description;
    if (raw.severity) rule.severity = raw.severity;
    if (raw.kev !== undefined) rule.kev = raw.kev;
    if (raw.epss !== undefined) rule.epss = raw.epss;
    if (raw.risk_below !== undefined) rule.riskBelow = raw.risk_below;
    if (raw.licenses) {
      const { allow, deny, unknown } = raw.licenses;
      if (!allow && !deny) fail("licenses needs an allow or a deny list");
      const terms = (list: string[], key: string) =>
        list.flatMap((entry) => {
          try {
            return listEntryTerms(entry);
          } catch (error) {
            return fail(`licenses.${key}: ${(error as Error).message}`);
          }
        });
      rule.licences = {
        ...(allow ? { allow: terms(allow, "allow") } : {}),
        ...(deny ? { deny: terms(deny, "deny") } : {}),
        unknown: unknown ?? "ignore",
      };
    }
    if (raw.packages)
      rule.packages = raw.packages.map((p) => {
        try {
          return compilePurlPattern(p);
        } catch (error) {
          return fail(`packages: ${(error as Error).message}`);
        }
      });
    return rule;
  });
  return { source, rules };
}

function keyOf(error: ErrorObject): string {
  return error.instancePath
    .split("/")
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join("")
    .replace(/^\./, "");
}

/** An ajv error in words, naming the rule by its index and name. */
function describe(error: ErrorObject, doc: unknown): string {
  const key = keyOf(error);
  const index = /^rule\[(\d+)\]/.exec(key)?.[1];
  const name = index !== undefined ? (doc as PolicyDocument).rule?.[Number(index)]?.name : undefined;
  const at = (key || "the file") + (typeof name === "string" ? ` ("${name}")` : "");
  switch (error.keyword) {
    case "additionalProperties":
      return `${key ? `${at}: ` : ""}unknown key "${(error.params as { additionalProperty: string }).additionalProperty}"`;
    case "required":
      return key
        ? `${at}: "${(error.params as { missingProperty: string }).missingProperty}" is required`
        : `no rules: write [[rule]] tables (docs/policies.md)`;
    case "enum":
      return `${at} must be one of ${(error.params as { allowedValues: string[] }).allowedValues.join(", ")}`;
    case "pattern":
    case "minLength":
      return `${at} must not be empty`;
    default:
      return `${at} ${error.message ?? "is invalid"}`;
  }
}
