import { refFromPurl } from "../ecosystems/purl.js";
import type { PackageUsage } from "../store/portfolio/ports.js";
import { csvLine } from "./csv.js";
import { versionlessPurl } from "./risk-document.js";

/** A ranked component as the API shows it (docs/ranking.md). */
export interface RankedComponentView {
  ecosystem: string;
  name: string;
  purl: string;
  projects: number;
  directProjects: number;
  transitiveProjects: number;
  openVulnerabilities: number;
  openFindings: number;
  kev: number;
  criticality?: number;
  riskScore?: number;
  score: number;
}

/** The row as the API shows it: the package's name and versionless purl as projects hold it. */
export function rankedComponentView(u: PackageUsage): RankedComponentView {
  let name = u.key.name;
  let purl = u.samplePurl;
  try {
    name = refFromPurl(u.samplePurl).name;
    purl = versionlessPurl(u.samplePurl);
  } catch {
    // a purl the upload step kept although no OSV ecosystem maps it: show the stored text
  }
  return {
    ecosystem: u.key.ecosystem,
    name,
    purl,
    projects: u.projects,
    directProjects: u.directProjects,
    transitiveProjects: u.transitiveProjects,
    openVulnerabilities: u.openVulnerabilities,
    openFindings: u.openFindings,
    kev: u.kevVulnerabilities,
    ...(u.criticality !== undefined ? { criticality: u.criticality } : {}),
    ...(u.riskScore !== undefined ? { riskScore: u.riskScore } : {}),
    score: Math.round(u.score * 1000) / 1000,
  };
}

export const RANKING_CSV_HEADER = csvLine([
  "rank",
  "ecosystem",
  "name",
  "purl",
  "projects",
  "directProjects",
  "transitiveProjects",
  "openVulnerabilities",
  "openFindings",
  "kev",
  "criticality",
  "riskScore",
  "score",
]);

/** One CSV row of the ranking. */
export function rankingCsvLine(rank: number, v: RankedComponentView): string {
  return csvLine([
    rank,
    v.ecosystem,
    v.name,
    v.purl,
    v.projects,
    v.directProjects,
    v.transitiveProjects,
    v.openVulnerabilities,
    v.openFindings,
    v.kev,
    v.criticality,
    v.riskScore,
    v.score,
  ]);
}
