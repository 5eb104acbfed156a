import type { RiskReport } from "../risk/assess.js";
import { CHECKS } from "../risk/checks/index.js";

const LEVEL = { Critical: "error", High: "error", Medium: "warning", Low: "note" } as const;

/**
 * SARIF 2.1.0: one rule per check, one result per negative (unsuppressed) probe finding, located at the
 * evidence's file and line; error outcomes become tool execution notifications.
 */
export function renderRiskSarif(report: RiskReport, version: string): object {
  const rules = CHECKS.map((c) => ({
    id: c.name,
    name: c.name.replace(/-/g, ""),
    shortDescription: { text: c.description },
    properties: { risk: c.risk },
  }));
  const results: object[] = [];
  const notifications: object[] = [];
  for (const check of report.checks) {
    for (const f of check.findings) {
      if (f.outcome === "error") {
        notifications.push({ level: "error", message: { text: `${check.name}: ${f.message}` } });
        continue;
      }
      if (f.outcome !== "negative" || f.suppressed) continue;
      const result: Record<string, unknown> = {
        ruleId: check.name,
        level: LEVEL[check.risk],
        message: { text: `${f.probe}: ${f.message}` },
        properties: { probe: f.probe, checkScore: check.score },
      };
      if (f.location) {
        const region = f.location.line ? { region: { startLine: f.location.line } } : {};
        result.locations = [
          {
            physicalLocation: { artifactLocation: { uri: f.location.path, uriBaseId: "SRCROOT" }, ...region },
          },
        ];
      }
      results.push(result);
    }
  }
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "bulwark-risk",
            version,
            informationUri: "https://github.com/ossf/scorecard",
            rules,
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `file://${report.repo.path.replace(/\/?$/, "/")}` } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
        properties: { score: report.score },
      },
    ],
  };
}
