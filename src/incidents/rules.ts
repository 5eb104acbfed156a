import { globMatches } from "../store/portfolio/name-pattern.js";

/** The auto-open rules of `bulwark.toml [server.incidents]`, with defaults applied. */
export interface IncidentRules {
  /** Open on a KEV-listed vulnerability (default on). */
  kev: boolean;
  /** Open when the CVSS base score is at least this (default 9.0; 0 = off). */
  minCvss: number;
  /** Open for these vulnerability ids (any alias). */
  ids: string[];
  /** Open for packages whose purl matches one of these globs. */
  packages: string[];
  /** Owner of the incidents the rules open. */
  owner: string;
}

export const DEFAULT_INCIDENT_RULES: IncidentRules = {
  kev: true,
  minCvss: 9,
  ids: [],
  packages: [],
  owner: "",
};

/** The rules from the TOML table (snake_case), defaults where absent. */
export function incidentRulesFrom(table?: {
  kev?: boolean;
  min_cvss?: number;
  ids?: string[];
  packages?: string[];
  owner?: string;
}): IncidentRules {
  return {
    kev: table?.kev ?? DEFAULT_INCIDENT_RULES.kev,
    minCvss: table?.min_cvss ?? DEFAULT_INCIDENT_RULES.minCvss,
    ids: table?.ids ?? [],
    packages: table?.packages ?? [],
    owner: table?.owner ?? "",
  };
}

/** What a rule looks at: a finding that just made a project affected. */
export interface AffectingFinding {
  vulnerability: string;
  aliases: readonly string[];
  purl: string;
  kev: boolean;
  cvss?: number;
}

/** The name of the first rule that wants an incident for this finding ("kev", "cvss", "id", "package"). */
export function matchingRule(rules: IncidentRules, f: AffectingFinding): string | undefined {
  if (rules.kev && f.kev) return "kev";
  if (rules.minCvss > 0 && f.cvss !== undefined && f.cvss >= rules.minCvss) return "cvss";
  const ids = new Set([f.vulnerability, ...f.aliases].map((id) => id.toUpperCase()));
  if (rules.ids.some((id) => ids.has(id.toUpperCase()))) return "id";
  // purls are matched without their version qualifier too, so "pkg:npm/lodash" names every version
  const unversioned = f.purl.replace(/@[^@/]*$/, "");
  if (rules.packages.some((p) => globMatches(p, f.purl) || globMatches(p, unversioned))) return "package";
  return undefined;
}
