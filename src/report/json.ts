import type { ScanResult } from "../model/finding.js";
import { VERSION } from "../version.js";
import { countFindings } from "./summary.js";

/** Version of the JSON report's shape; bumped on any incompatible change (see docs/scan.md). */
export const JSON_SCHEMA_VERSION = "1.0";

/**
 * The JSON report: the ScanResult plus `schemaVersion`, `tool` and `summary`. Suppressed findings are
 * included with their `suppressed` field set.
 */
export function renderJson(result: ScanResult): string {
  const report = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: "bulwark", version: VERSION },
    ...(result.scannedAt ? { scannedAt: result.scannedAt } : {}),
    ...(result.targets ? { targets: result.targets } : {}),
    summary: countFindings(result.findings),
    ...(result.coverage ? { coverage: result.coverage } : {}),
    findings: result.findings,
    remediation: result.remediation,
    unresolved: result.unresolved,
    expiredIgnores: result.expiredIgnores,
    warnings: result.warnings,
    inventory: result.inventory,
    database: result.database,
    ...(result.provenance ? { provenance: result.provenance } : {}),
    ...(result.policy ? { policy: result.policy } : {}),
  };
  return JSON.stringify(report, null, 2);
}
