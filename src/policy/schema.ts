import { type Static, Type } from "typebox";
import { POLICY_LEVELS } from "../model/policy.js";

/**
 * The schema of a policy file (TOML, docs/policies.md): `[[rule]]` tables, each with a name, a level and one
 * or more conditions that must all hold. Unknown keys are errors: a typo must never silently drop a
 * condition and widen a rule.
 */

const NonEmpty = Type.String({ minLength: 1, pattern: "\\S" });

/** Severity thresholds: a finding rated at or above violates. */
export const SEVERITY_THRESHOLDS = ["critical", "high", "medium", "low"] as const;

/** What to do with a package whose licence is not known (or not an SPDX expression). */
export const UNKNOWN_LICENCE = ["ignore", "violation"] as const;

const Licences = Type.Object(
  {
    allow: Type.Optional(Type.Array(NonEmpty)),
    deny: Type.Optional(Type.Array(NonEmpty)),
    unknown: Type.Optional(Type.Enum([...UNKNOWN_LICENCE])),
  },
  { additionalProperties: false },
);

const Rule = Type.Object(
  {
    name: NonEmpty,
    level: Type.Enum([...POLICY_LEVELS]),
    description: Type.Optional(Type.String()),
    severity: Type.Optional(Type.Enum([...SEVERITY_THRESHOLDS])),
    kev: Type.Optional(Type.Boolean()),
    epss: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    licenses: Type.Optional(Licences),
    packages: Type.Optional(Type.Array(NonEmpty, { minItems: 1 })),
    risk_below: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
  },
  { additionalProperties: false },
);

/** The whole file. */
export const PolicySchema = Type.Object(
  { rule: Type.Array(Rule, { minItems: 1 }) },
  { additionalProperties: false, required: ["rule"] },
);

/** A policy file as validated. */
export type PolicyDocument = Static<typeof PolicySchema>;
/** One rule as written. */
export type PolicyRuleDocument = PolicyDocument["rule"][number];
