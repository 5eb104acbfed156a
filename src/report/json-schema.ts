const pkg = {
  type: "object",
  required: ["ecosystem", "name", "version", "purl"],
  properties: {
    ecosystem: { type: "string" },
    name: { type: "string" },
    version: { type: "string" },
    purl: { type: "string", pattern: "^pkg:" },
  },
};

const location = {
  type: "object",
  required: ["path"],
  properties: { path: { type: "string" }, line: { type: "integer", minimum: 1 } },
};

const rating = { enum: ["critical", "high", "medium", "low", "unknown"] };

/**
 * JSON Schema (draft-07) of the JSON scan report, schema version 1.0 — the documented, stable shape
 * (docs/scan.md). Tests validate every JSON report against it; consumers may too.
 */
export const SCAN_REPORT_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Bulwark scan report",
  type: "object",
  required: [
    "schemaVersion",
    "tool",
    "summary",
    "findings",
    "remediation",
    "unresolved",
    "expiredIgnores",
    "warnings",
    "inventory",
    "database",
  ],
  properties: {
    schemaVersion: { const: "1.0" },
    tool: {
      type: "object",
      required: ["name", "version"],
      properties: { name: { const: "bulwark" }, version: { type: "string" } },
    },
    summary: {
      type: "object",
      required: ["total", "suppressed", "bySeverity"],
      properties: {
        total: { type: "integer", minimum: 0 },
        suppressed: { type: "integer", minimum: 0 },
        bySeverity: {
          type: "object",
          required: ["critical", "high", "medium", "low", "unknown"],
          additionalProperties: { type: "integer", minimum: 0 },
        },
      },
    },
    findings: {
      type: "array",
      items: {
        type: "object",
        required: [
          "id",
          "aliases",
          "summary",
          "severity",
          "package",
          "fixed",
          "paths",
          "locations",
          "references",
          "records",
        ],
        properties: {
          id: { type: "string", minLength: 1 },
          aliases: { type: "array", items: { type: "string" } },
          summary: { type: "string" },
          details: { type: "string" },
          severity: {
            type: "object",
            required: ["rating", "type"],
            properties: {
              rating,
              score: { type: "number", minimum: 0, maximum: 10 },
              vector: { type: "string" },
              type: { enum: ["CVSS_V2", "CVSS_V3", "CVSS_V4", "ecosystem", "none"] },
            },
          },
          package: pkg,
          fixed: { type: "array", items: { type: "string" } },
          paths: { type: "array", items: { type: "array", minItems: 1, items: { type: "string" } } },
          locations: { type: "array", items: location },
          suppressed: {
            type: "object",
            required: ["by", "reason", "source"],
            properties: {
              by: { enum: ["vex", "ignore"] },
              reason: { type: "string" },
              source: { type: "string" },
            },
          },
          references: {
            type: "array",
            items: {
              type: "object",
              required: ["url"],
              properties: { type: { type: "string" }, url: { type: "string" } },
            },
          },
          records: { type: "array", minItems: 1, items: { type: "string" } },
          approximate: { type: "boolean" },
        },
      },
    },
    remediation: {
      type: "array",
      items: {
        type: "object",
        required: ["package", "vulnerabilities", "unfixed", "majorUpgrade", "direct", "via", "advice"],
        properties: {
          package: pkg,
          vulnerabilities: { type: "array", items: { type: "string" } },
          fixVersion: { type: "string" },
          unfixed: { type: "array", items: { type: "string" } },
          majorUpgrade: { type: "boolean" },
          direct: { type: "boolean" },
          via: { type: "array", items: { type: "string" } },
          advice: { type: "string" },
        },
      },
    },
    unresolved: {
      type: "array",
      items: {
        allOf: [
          pkg,
          {
            type: "object",
            required: ["locations"],
            properties: { locations: { type: "array", items: location } },
          },
        ],
      },
    },
    expiredIgnores: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "reason", "expires", "source"],
        properties: {
          id: { type: "string" },
          package: { type: "string" },
          reason: { type: "string" },
          expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
          source: { type: "string" },
        },
      },
    },
    warnings: { type: "array", items: { type: "string" } },
    inventory: {
      type: "object",
      required: ["packages", "sources", "errors"],
      properties: {
        packages: { type: "integer", minimum: 0 },
        sources: {
          type: "array",
          items: {
            type: "object",
            required: ["path", "format"],
            properties: { path: { type: "string" }, format: { type: "string" } },
          },
        },
        errors: {
          type: "array",
          items: {
            type: "object",
            required: ["path", "message"],
            properties: { path: { type: "string" }, line: { type: "integer" }, message: { type: "string" } },
          },
        },
      },
    },
    database: { type: "object" },
    scannedAt: { type: "string", format: "date-time" },
    targets: { type: "array", items: { type: "string" } },
    coverage: {
      description:
        "per ecosystem of the inventory: how many advisory records it was checked against (0: not checked)",
      type: "array",
      items: {
        type: "object",
        required: ["ecosystem", "packages", "records"],
        properties: {
          ecosystem: { type: "string" },
          packages: { type: "integer", minimum: 0 },
          records: { type: "integer", minimum: 0 },
          newestModified: { type: "string" },
        },
      },
    },
    provenance: {
      type: "object",
      required: ["packages", "total", "verified", "failed", "none", "verifiedShare"],
      properties: {
        packages: {
          type: "array",
          items: {
            type: "object",
            required: ["purl", "name", "version", "status"],
            properties: { status: { enum: ["verified", "failed", "none"] }, reason: { type: "string" } },
          },
        },
        total: { type: "integer", minimum: 0 },
        verified: { type: "integer", minimum: 0 },
        failed: { type: "integer", minimum: 0 },
        none: { type: "integer", minimum: 0 },
        verifiedShare: { type: "number", minimum: 0, maximum: 1 },
      },
    },
  },
} as const;
