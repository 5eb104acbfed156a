import type { CheckDefinition } from "../check.js";
import { notEvaluated, type ProbeFinding, scored } from "../types.js";

/**
 * Vulnerabilities (High): the scan engine on the repository's own lockfiles, offline; one finding per
 * vulnerability (aliases grouped by the engine); score 10 minus one per open vulnerability. VEX/ignored
 * findings do not count. No advisory database: not evaluated.
 */
export const vulnerabilities: CheckDefinition = {
  name: "Vulnerabilities",
  risk: "High",
  description: "known vulnerabilities in the project's own dependencies (OSV, offline)",
  async run(ctx) {
    if (!ctx.advisories)
      return notEvaluated("no advisory database is available (import or update one first)");
    const { scan } = await import("../../scan/index.js");
    let result: Awaited<ReturnType<typeof scan>>;
    try {
      result = await scan({ paths: [ctx.repo.root], now: ctx.now }, ctx.advisories);
    } catch (error) {
      return notEvaluated(`scan failed: ${(error as Error).message}`, [
        { probe: "hasOSVVulnerabilities", outcome: "error", message: (error as Error).message },
      ]);
    }
    const open = result.findings.filter((f) => !f.suppressed);
    const findings: ProbeFinding[] = open.map((f) => {
      const loc = f.locations[0];
      return {
        probe: "hasOSVVulnerabilities",
        outcome: "negative",
        message: `${f.id}${f.aliases.length ? ` (${f.aliases.join(", ")})` : ""} in ${f.package.name}@${f.package.version}: ${f.summary}`,
        // the scan's paths are relative to the folder it read: the repository's root
        location: loc ? { path: loc.path, line: loc.line } : undefined,
        values: { id: f.id, severity: f.severity.rating },
      };
    });
    for (const error of result.inventory.errors) {
      findings.push({
        probe: "hasOSVVulnerabilities",
        outcome: "error",
        message: error.message,
        location: { path: error.path, line: error.line },
      });
    }
    if (result.inventory.packages === 0) {
      return notEvaluated("no dependencies found in lockfiles or manifests", findings, "not-applicable");
    }
    return scored(
      10 - open.length,
      open.length === 0
        ? `no known vulnerabilities in ${result.inventory.packages} package(s)`
        : `${open.length} existing vulnerabilities detected`,
      findings,
    );
  },
};
