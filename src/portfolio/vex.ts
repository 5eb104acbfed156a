import { createHash } from "node:crypto";
import { newPackage } from "../ecosystems/new-package.js";
import { cycloneDxJustification, openVexJustification } from "../model/vex-vocabulary.js";
import { toCycloneDx } from "../sbom/write/cyclonedx.js";
import { idsMatch, purlMatches } from "../scan/purl-match.js";
import { parseVex } from "../scan/vex/index.js";
import type { VexStatus } from "../scan/vex/types.js";
import { everyItem } from "../store/portfolio/every-item.js";
import type { FindingAnalysis, PortfolioStore, Project, StoredFinding } from "../store/portfolio/ports.js";
import type { PortfolioContext } from "./context.js";
import { type TriageDecision, triageFinding } from "./triage.js";

/** A project's findings that a VEX document speaks about: open or suppressed ones (what is in it now). */
async function activeFindings(store: PortfolioStore, project: Project): Promise<StoredFinding[]> {
  return everyItem((page) =>
    store.findings.listForProject(project.id, { ...page, states: ["open", "suppressed"] }),
  );
}

/** OpenVEX status of a triage state; an untriaged open finding is under investigation. */
function openVexStatus(analysis: FindingAnalysis | undefined): VexStatus {
  switch (analysis?.state) {
    case "not_affected":
    case "false_positive":
      return "not_affected";
    case "resolved":
      return "fixed";
    case "exploitable":
      return "affected";
    default:
      return "under_investigation";
  }
}

/**
 * The project's triage as a VEX document: OpenVEX 0.2.0 or CycloneDX 1.6 (vulnerabilities with `analysis`).
 * Every open or suppressed finding appears; untriaged ones as under investigation / in triage.
 */
export async function exportVex(
  ctx: PortfolioContext,
  project: Project,
  format: "openvex" | "cyclonedx",
): Promise<Record<string, unknown>> {
  const findings = await activeFindings(ctx.store, project);
  const analyses = await ctx.store.analyses.current(findings.map((f) => f.id));
  const timestamp = ctx.clock().toISOString();
  if (format === "openvex") {
    return {
      "@context": "https://openvex.dev/ns/v0.2.0",
      "@id": `urn:bulwark:vex:${createHash("sha256").update(`${project.name}\0${timestamp}`).digest("hex").slice(0, 32)}`,
      author: "Bulwark",
      timestamp,
      version: 1,
      statements: findings.map((f) => {
        const a = analyses.get(f.id);
        const status = openVexStatus(a);
        const justification =
          status === "not_affected"
            ? a?.justification
              ? openVexJustification(a.justification)
              : a?.state === "false_positive"
                ? "vulnerable_code_not_present"
                : undefined
            : undefined;
        return {
          vulnerability: { name: f.vulnerabilityId, aliases: f.finding.aliases },
          products: [{ "@id": f.purl }],
          status,
          ...(justification ? { justification } : {}),
          ...(status === "not_affected" && !justification ? { impact_statement: a?.detail ?? a?.state } : {}),
          ...(status === "affected"
            ? { action_statement: a?.detail ?? "see the project's remediation plan" }
            : {}),
          ...(a?.detail ? { status_notes: a.detail } : {}),
          timestamp: a?.at ?? f.detectedAt,
        };
      }),
    };
  }
  const packages = [...new Map(findings.map((f) => [f.purl, f])).values()].map((f) =>
    newPackage({ ...f.finding.package, purl: f.purl }),
  );
  return toCycloneDx(
    { packages, sources: [], errors: [] },
    {
      name: project.name,
      vulnerabilities: findings.map((f) => {
        const a = analyses.get(f.id);
        const justification = a?.justification ? cycloneDxJustification(a.justification) : undefined;
        return {
          id: f.vulnerabilityId,
          aliases: f.finding.aliases,
          summary: f.finding.summary,
          rating: f.finding.severity.rating,
          score: f.finding.severity.score,
          affects: [f.purl],
          fixed: f.finding.fixed,
          references: f.finding.references.map((r) => r.url),
          analysis: {
            state: a?.state ?? "in_triage",
            ...(justification ? { justification } : {}),
            ...(a?.responses.length ? { response: a.responses } : {}),
            ...(a?.detail ? { detail: a.detail } : {}),
          },
        };
      }),
    },
  );
}

/** The triage decision a VEX statement makes. */
function decisionOf(status: VexStatus, justification: string | undefined, reason: string): TriageDecision {
  const state = {
    not_affected: "not_affected",
    fixed: "resolved",
    affected: "exploitable",
    under_investigation: "in_triage",
  } as const;
  return {
    state: state[status],
    ...(status === "not_affected" && justification ? { justification } : {}),
    detail: reason,
  };
}

/**
 * Applies a VEX document (OpenVEX or CycloneDX, as `bulwark scan --vex` reads them) to a project: every
 * statement naming one of its open or suppressed findings (by any id of the vulnerability and the package's
 * purl) becomes that finding's triage decision. Returns how many findings it decided.
 */
export async function applyVex(
  ctx: PortfolioContext,
  project: Project,
  text: string,
  by: string,
): Promise<{ statements: number; applied: number }> {
  const statements = parseVex(text, "the VEX document");
  const findings = await activeFindings(ctx.store, project);
  let applied = 0;
  for (const finding of findings) {
    const view = { id: finding.vulnerabilityId, aliases: finding.finding.aliases };
    // the last statement about a finding wins, as in a scan
    const statement = statements
      .filter((s) => idsMatch(s.ids, view) && s.products.some((p) => purlMatches(p, finding.purl)))
      .at(-1);
    if (!statement) continue;
    await triageFinding(
      ctx,
      finding,
      project.name,
      decisionOf(statement.status, statement.justification, statement.reason),
      `${by} (VEX)`,
    );
    applied++;
  }
  return { statements: statements.length, applied };
}
