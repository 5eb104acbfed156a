import { type Static, Type } from "typebox";

/**
 * The one schema of `bulwark.toml`, read by every command (scan, risk, serve). Unknown keys are errors: a
 * typo must never silently widen an ignore or drop a suppression. Dates are TOML dates (`2026-12-31`) or
 * the same text quoted; they are checked to be real calendar days.
 */

/** OpenVEX statuses an ignore may state about a finding it suppresses. */
export const VEX_STATUSES = ["not_affected", "affected", "fixed", "under_investigation"] as const;

/** OpenVEX justifications of `not_affected`. */
export const VEX_JUSTIFICATIONS = [
  "component_not_present",
  "vulnerable_code_not_present",
  "vulnerable_code_not_in_execute_path",
  "vulnerable_code_cannot_be_controlled_by_adversary",
  "inline_mitigations_already_exist",
] as const;

const NonEmpty = Type.String({ minLength: 1, pattern: "\\S" });
const Day = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" });
const Days = Type.Integer({ minimum: 1, maximum: 3650 });

const IgnoreEntry = Type.Object(
  {
    id: NonEmpty,
    package: Type.Optional(Type.String({ pattern: "^pkg:[a-zA-Z][a-zA-Z0-9.+-]*/.+" })),
    reason: NonEmpty,
    expires: Type.Optional(Day),
    status: Type.Optional(Type.Enum([...VEX_STATUSES])),
    justification: Type.Optional(Type.Enum([...VEX_JUSTIFICATIONS])),
  },
  { additionalProperties: false },
);

const RiskSuppression = Type.Object(
  { check: NonEmpty, path: NonEmpty, reason: NonEmpty },
  { additionalProperties: false },
);

const Sla = Type.Object(
  {
    kev: Type.Optional(Days),
    critical: Type.Optional(Days),
    high: Type.Optional(Days),
    medium: Type.Optional(Days),
    low: Type.Optional(Days),
    unknown: Type.Optional(Days),
  },
  { additionalProperties: false },
);

/**
 * `[server.incidents]`: rules that open an incident the moment an upload or advisory import makes a project
 * affected (docs/incidents.md). `kev` and `min_cvss` are on by default (KEV-listed; CVSS ≥ 9.0).
 */
const IncidentRules = Type.Object(
  {
    kev: Type.Optional(Type.Boolean()),
    /** 0 turns the CVSS rule off. */
    min_cvss: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
    /** Vulnerability ids (any alias). */
    ids: Type.Optional(Type.Array(NonEmpty)),
    /** Package purl globs (`*` matches any run of characters), e.g. "pkg:maven/org.apache.logging.log4j/*". */
    packages: Type.Optional(Type.Array(Type.String({ pattern: "^pkg:" }))),
    /** Owner of incidents the rules open. */
    owner: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** The whole file. */
export const BulwarkTomlSchema = Type.Object(
  {
    ignore: Type.Optional(Type.Array(IgnoreEntry)),
    scan: Type.Optional(
      Type.Object(
        { max_data_age_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })) },
        { additionalProperties: false },
      ),
    ),
    risk: Type.Optional(
      Type.Object({ suppress: Type.Optional(Type.Array(RiskSuppression)) }, { additionalProperties: false }),
    ),
    server: Type.Optional(
      Type.Object(
        { sla: Type.Optional(Sla), incidents: Type.Optional(IncidentRules) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** A `bulwark.toml` as validated, before defaults. */
export type BulwarkToml = Static<typeof BulwarkTomlSchema>;
