import type { PortfolioFindingBody } from "../portfolio/match.js";
import type {
  FindingAnalysis,
  Project,
  SnapshotInfo,
  StoredComponent,
  StoredFinding,
} from "../store/portfolio/ports.js";

// Store records as the API shows them: no internal ids where a name serves, optional fields only when set.

export function projectView(p: Project) {
  return {
    name: p.name,
    description: p.description,
    tags: p.tags,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    ...(p.lastUploadAt ? { lastUploadAt: p.lastUploadAt } : {}),
    open: p.open,
    riskScore: p.riskScore,
  };
}

export function snapshotView(s: SnapshotInfo) {
  return {
    id: s.id,
    version: s.version,
    createdAt: s.createdAt,
    format: s.format,
    componentCount: s.componentCount,
    contentBytes: s.contentBytes,
    ...(s.digest ? { digest: s.digest } : {}),
    ...(s.uploadedBy ? { uploadedBy: s.uploadedBy } : {}),
    current: s.current,
  };
}

export function componentView(c: StoredComponent) {
  return {
    purl: c.purl,
    ecosystem: c.ecosystem,
    name: c.name,
    version: c.version,
    projectVersion: c.projectVersion,
    ...(c.direct !== undefined ? { direct: c.direct } : {}),
    scope: c.scope,
    licenses: c.licenses,
    locations: c.locations,
    paths: c.paths,
  };
}

export function findingView(f: StoredFinding, analysis?: FindingAnalysis, project?: string) {
  const body = f.finding as PortfolioFindingBody;
  const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    id: f.id,
    ...optional("project", project),
    projectVersion: f.projectVersion,
    state: f.state,
    vulnerability: f.vulnerabilityId,
    aliases: body.aliases,
    purl: f.purl,
    summary: body.summary,
    severity: body.severity,
    fixed: body.fixed,
    paths: body.paths,
    locations: body.locations,
    references: body.references,
    ...optional("remediation", body.remediation),
    ...optional("direct", f.direct),
    ...optional("scope", f.scope),
    kev: f.kev,
    ...optional("epss", f.epss),
    priority: f.priority,
    ...optional("approximate", body.approximate),
    ...optional("publishedAt", f.publishedAt),
    detectedAt: f.detectedAt,
    ...optional("fixedAt", f.fixedAt),
    ...optional("withdrawnAt", f.withdrawnAt),
    ...optional("suppressedAt", f.suppressedAt),
    ...optional("slaDueAt", f.slaDueAt),
    ...optional(
      "analysis",
      analysis && {
        state: analysis.state,
        ...optional("justification", analysis.justification),
        responses: analysis.responses,
        ...optional("detail", analysis.detail),
        by: analysis.by,
        at: analysis.at,
      },
    ),
  };
}
