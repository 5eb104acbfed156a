import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv } from "ajv";
import type { OsvRecord } from "../model/osv.js";

// A compact schema with the structural rules the matcher relies on. It is deliberately more lenient than the
// official OSV schema where a violation does not change matching (unknown ecosystems or id prefixes, CVSS
// vector syntax, reference URL syntax, short or malformed GIT hashes, `null` lists as osv.dev emits them):
// rejecting those records would hide real advisories. The tests compare it with the official schema.

const TIMESTAMP = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
const EVENT_KEYS = ["introduced", "fixed", "last_affected", "limit"] as const;

const timestamp = { type: "string", pattern: TIMESTAMP };
const nullableStrings = { type: ["array", "null"], items: { type: "string" } };

const event = {
  type: "object",
  // exactly one of the four keys, as the specification requires
  oneOf: EVENT_KEYS.map((key) => ({ required: [key], properties: { [key]: { type: "string" } } })),
};

const range = {
  type: "object",
  required: ["type", "events"],
  properties: {
    type: { enum: ["GIT", "SEMVER", "ECOSYSTEM"] },
    repo: { type: "string" },
    events: { type: "array", minItems: 1, contains: { required: ["introduced"] }, items: event },
    database_specific: { type: "object" },
  },
  allOf: [
    // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword, not a promise
    { if: { properties: { type: { const: "GIT" } } }, then: { required: ["repo"] } },
    {
      if: { properties: { events: { contains: { required: ["last_affected"] } } } },
      // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword, not a promise
      then: { not: { properties: { events: { contains: { required: ["fixed"] } } } } },
    },
  ],
};

const affected = {
  type: "object",
  properties: {
    package: {
      type: "object",
      required: ["ecosystem", "name"],
      properties: {
        ecosystem: { type: "string", minLength: 1 },
        name: { type: "string" },
        purl: { type: "string" },
      },
    },
    ranges: { type: ["array", "null"], items: range },
    versions: nullableStrings,
    ecosystem_specific: { type: ["object", "null"] },
    database_specific: { type: ["object", "null"] },
  },
};

/** The compact OSV schema (JSON Schema draft-07) Bulwark validates records against. */
export const OSV_COMPACT_SCHEMA = {
  type: "object",
  required: ["id", "modified"],
  properties: {
    id: { type: "string", pattern: "^[^\\s/\\\\]+$", maxLength: 256 },
    modified: timestamp,
    published: timestamp,
    withdrawn: timestamp,
    aliases: nullableStrings,
    upstream: nullableStrings,
    related: nullableStrings,
    summary: { type: "string" },
    details: { type: "string" },
    affected: { type: ["array", "null"], items: affected },
    references: { type: ["array", "null"] },
    severity: { type: ["array", "null"] },
    credits: { type: ["array", "null"] },
    database_specific: { type: ["object", "null"] },
    schema_version: { type: "string" },
  },
} as const;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) compiled = new Ajv({ allErrors: false, strict: false }).compile(OSV_COMPACT_SCHEMA);
  return compiled;
}

/** The outcome of validating one parsed document as an OSV record. */
export type OsvValidation = { ok: true; record: OsvRecord } | { ok: false; reason: string };

/**
 * Checks a parsed value against the compact OSV schema. On success returns the record with `null` lists
 * removed (osv.dev writes `"versions": null`), so the rest of Bulwark sees absent fields only.
 */
export function validateOsvRecord(value: unknown): OsvValidation {
  const validate = validator();
  if (!validate(value)) return { ok: false, reason: describe(validate.errors?.[0]) };
  return { ok: true, record: dropNulls(value as OsvRecord) };
}

function describe(error: ErrorObject | undefined | null): string {
  if (!error) return "not a valid OSV record";
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll("/", ".") : "record";
  if (/\/events\/\d+$/.test(error.instancePath) && error.keyword === "oneOf")
    return `${where}: an event must have exactly one of ${EVENT_KEYS.join(", ")}`;
  if (error.keyword === "contains") return `${where}: events must contain an "introduced" event`;
  if (error.keyword === "not")
    return `${where}: "fixed" and "last_affected" events cannot be mixed in one range`;
  if (error.keyword === "if") return `${where}: ${error.message ?? "invalid"}`;
  if (error.keyword === "enum")
    return `${where}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
  if (error.keyword === "pattern" && /modified|published|withdrawn/.test(where))
    return `${where}: must be an RFC 3339 timestamp such as 2024-01-31T12:00:00Z`;
  return `${where}: ${error.message ?? "invalid"}`;
}

function dropNulls(record: OsvRecord): OsvRecord {
  const out: Record<string, unknown> = { ...record };
  for (const key of Object.keys(out)) if (out[key] === null) delete out[key];
  if (record.affected) {
    out.affected = record.affected.map((entry) => {
      const copy: Record<string, unknown> = { ...entry };
      for (const key of Object.keys(copy)) if (copy[key] === null) delete copy[key];
      return copy;
    });
  }
  return out as unknown as OsvRecord;
}
