import { VEX_JUSTIFICATIONS } from "../config/schema.js";
import { BulwarkError } from "../model/errors.js";
import type { AnalysisState, FindingAnalysis, StoredFinding } from "../store/portfolio/ports.js";
import type { PortfolioContext } from "./context.js";
import { suppresses } from "./reconcile.js";

/** CycloneDX analysis justifications (OpenVEX's are accepted too, see VEX_JUSTIFICATIONS). */
export const CYCLONEDX_JUSTIFICATIONS = [
  "code_not_present",
  "code_not_reachable",
  "requires_configuration",
  "requires_dependency",
  "requires_environment",
  "protected_by_compiler",
  "protected_at_runtime",
  "protected_at_perimeter",
  "protected_by_mitigating_control",
] as const;

/** Every justification a triage decision may give: CycloneDX's and OpenVEX's vocabularies. */
export const JUSTIFICATIONS: readonly string[] = [...CYCLONEDX_JUSTIFICATIONS, ...VEX_JUSTIFICATIONS];

/** CycloneDX analysis responses. */
export const RESPONSES = [
  "can_not_fix",
  "will_not_fix",
  "update",
  "rollback",
  "workaround_available",
] as const;

/** A triage decision as a client sends it. */
export interface TriageDecision {
  state: AnalysisState;
  justification?: string;
  responses?: string[];
  detail?: string;
}

/**
 * Records a triage decision on a finding and moves it in or out of the counts: not_affected, false_positive
 * and resolved suppress it (state `suppressed`, `suppressedAt` stamped), in_triage and exploitable bring a
 * suppressed finding back to `open`. Fixed and withdrawn findings keep their state (the decision applies when
 * they come back). One short transaction with the audit entry and an event.
 */
export async function triageFinding(
  ctx: PortfolioContext,
  finding: StoredFinding,
  projectName: string,
  decision: TriageDecision,
  by: string,
): Promise<{ finding: StoredFinding; analysis: FindingAnalysis }> {
  if (decision.justification && decision.state !== "not_affected")
    throw new BulwarkError("USAGE", 'a justification goes with the state "not_affected"', {
      details: { ...decision },
    });
  const at = ctx.clock().toISOString();
  const analysis: FindingAnalysis = {
    findingId: finding.id,
    state: decision.state,
    ...(decision.justification ? { justification: decision.justification } : {}),
    responses: decision.responses ?? [],
    ...(decision.detail ? { detail: decision.detail } : {}),
    by,
    at,
  };
  const updated = await ctx.store.transaction(async (tx) => {
    await tx.projects.lock([finding.projectId]);
    await tx.analyses.record(analysis);
    const current = (await tx.findings.get(finding.id)) ?? finding;
    const target = suppresses(analysis) ? "suppressed" : "open";
    if ((current.state === "open" || current.state === "suppressed") && current.state !== target) {
      await tx.findings.transition([finding.id], { state: target, at });
      await tx.projects.refreshCounts([finding.projectId]);
    }
    await tx.audit.append([
      {
        at,
        keyName: by,
        action: "analysis.update",
        target: projectName,
        details: { finding: finding.id, ...decision },
      },
    ]);
    await tx.events.append([
      {
        type: "finding.triaged",
        occurredAt: at,
        projectId: finding.projectId,
        payload: {
          project: projectName,
          finding: finding.id,
          vulnerability: finding.vulnerabilityId,
          ...decision,
          by,
        },
      },
    ]);
    return (await tx.findings.get(finding.id)) ?? current;
  });
  return { finding: updated, analysis };
}
