import type { InventoryError, InventorySource } from "./inventory.js";
import type { Package, PackageRef, SourceLocation } from "./package.js";
import type { PolicyOutcome } from "./policy.js";
import type { ProvenanceSummary } from "./provenance.js";

/** Severity ratings from most to least severe; "unknown" when no source gives one. */
export const SEVERITY_RATINGS = ["critical", "high", "medium", "low", "unknown"] as const;
/** A severity rating. */
export type SeverityRating = (typeof SEVERITY_RATINGS)[number];

/** Where a severity came from: a CVSS vector of that version, an ecosystem's own scale, or nothing. */
export type SeverityType = "CVSS_V2" | "CVSS_V3" | "CVSS_V4" | "ecosystem" | "none";

/** How bad a vulnerability is: the highest of the severities its records give. */
export interface Severity {
  /** CVSS base score (0-10), when a CVSS vector gave it. */
  score?: number;
  rating: SeverityRating;
  /** The CVSS vector, or the ecosystem's own label ("MODERATE", "medium"). */
  vector?: string;
  type: SeverityType;
}

/** A package as a finding names it. */
export interface FindingPackage extends PackageRef {
  purl: string;
}

/** Why a finding does not count: a VEX statement or an ignore entry of the config. */
export interface Suppression {
  by: "vex" | "ignore";
  /** The justification or reason given by the statement or entry. */
  reason: string;
  /** The file that said so. */
  source: string;
  /**
   * What the statement or entry says in VEX terms (OpenVEX status). Absent on an ignore that states none:
   * an accepted risk, which exports say as "exploitable, will not fix" — never as "not affected".
   */
  status?: "not_affected" | "affected" | "fixed" | "under_investigation";
  /** OpenVEX justification of a not_affected status, where one was given. */
  justification?: string;
}

/** One vulnerability (all records that alias each other) in one package version. */
export interface Finding {
  /** Primary id of the alias group (as chosen by the advisory database's grouping). */
  id: string;
  /** Every other id of the same flaw (CVE, GHSA, GO-, PYSEC-, ...), sorted. */
  aliases: string[];
  summary: string;
  details?: string;
  severity: Severity;
  package: FindingPackage;
  /** Versions that fix it, in the ecosystem's order (empty = no fix known). */
  fixed: string[];
  /** Dependency paths from a direct dependency to the package (purls, shortest first, a few at most). */
  paths: string[][];
  locations: SourceLocation[];
  suppressed?: Suppression;
  references: { type: string; url: string }[];
  /** Ids of the database records that matched (more than one when aliases were merged). */
  records: string[];
  /** True when a version comparison was approximate (a version the ecosystem's scheme could not parse). */
  approximate?: boolean;
  /** What to fix first (src/prioritise, docs/prioritisation.md); set when the caller prioritised the findings. */
  priority?: Priority;
}

/** Priority bands, most urgent first. */
export const PRIORITY_LEVELS = ["P1", "P2", "P3", "P4"] as const;
/** A priority band. */
export type PriorityLevel = (typeof PRIORITY_LEVELS)[number];

/** One documented priority of a finding: a 0-100 score, its band, and every term that made it. */
export interface Priority {
  /** 0-100, one decimal; higher = fix first. */
  score: number;
  level: PriorityLevel;
  /** The terms of the score in words, each with its points ("listed in CISA KEV ...: +40"). */
  reasons: string[];
  /** The facts the score was computed from. */
  factors: {
    cvss?: number;
    rating: SeverityRating;
    kev?: { cve: string; dateAdded: string; dueDate: string; ransomware: boolean };
    epss?: { cve: string; probability: number; percentile: number };
    direct?: boolean;
    developmentOnly: boolean;
    exposure?: string;
  };
}

/** The smallest upgrade of one vulnerable package that fixes all its known vulnerabilities. */
export interface Remediation {
  package: FindingPackage;
  /** Ids of the findings it fixes. */
  vulnerabilities: string[];
  /**
   * The smallest version that no fixable record affects (records with no fixed version are left aside and
   * listed in `unfixed`); absent when none of the package's vulnerabilities has a fix.
   */
  fixVersion?: string;
  /** Ids of the findings no known version fixes (they remain after the upgrade). */
  unfixed: string[];
  /** True when `fixVersion` is a new major version (semver-like ecosystems only). */
  majorUpgrade: boolean;
  /** True when the project declares the package itself. */
  direct: boolean;
  /** For a transitive package: the direct dependencies it arrives through (purls). */
  via: string[];
  /** The suggestion in words ("upgrade X to 1.2.3", "upgrade A so that it resolves X >= 1.2.3", "no fix available"). */
  advice: string;
}

/** An ignore entry past its expiry date: it no longer suppresses anything. */
export interface ExpiredIgnore {
  id: string;
  package?: string;
  reason: string;
  /** ISO date (YYYY-MM-DD). */
  expires: string;
  source: string;
}

/** A package with no resolved version (a declared range): reported, never matched. */
export interface UnresolvedPackage extends FindingPackage {
  locations: SourceLocation[];
}

/** Facts about the advisory database a scan used. */
export interface DatabaseInfo {
  path?: string;
  records?: number;
  [key: string]: unknown;
}

/**
 * How well one ecosystem of the inventory was checked: a scan against a database with no records for an
 * ecosystem checked nothing there, and every report must say so.
 */
export interface EcosystemCoverage {
  ecosystem: string;
  /** Resolved packages of this ecosystem in the inventory. */
  packages: number;
  /** Advisory records the database holds for this ecosystem (0: not checked at all). */
  records: number;
  /** The newest `modified` among those records: how fresh the data is. */
  newestModified?: string;
}

/** Everything a scan found, ready for any renderer and for the exit-code policy. */
export interface ScanResult {
  /** When the scan ran (ISO 8601). */
  scannedAt?: string;
  /** The files and folders scanned, as given. */
  targets?: string[];
  /** Per ecosystem of the inventory: how many records it was checked against. */
  coverage?: EcosystemCoverage[];
  findings: Finding[];
  inventory: { packages: number; sources: InventorySource[]; errors: InventoryError[] };
  /**
   * Every package scanned, with its edges: for renderers that describe the whole inventory (CycloneDX/SPDX
   * with vulnerabilities). Not part of the JSON report.
   */
  packages: Package[];
  unresolved: UnresolvedPackage[];
  remediation: Remediation[];
  expiredIgnores: ExpiredIgnore[];
  /** Things the reader should know (approximate comparisons, expired ignores, unresolved packages). */
  warnings: string[];
  database: DatabaseInfo;
  /** npm provenance verdicts, when the scan was asked to verify them (`--verify-provenance`). */
  provenance?: ProvenanceSummary;
  /** A policy's violations, when the scan was given a policy (`--policy`, src/policy). */
  policy?: PolicyOutcome;
}
