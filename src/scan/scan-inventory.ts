import { ecosystemBase } from "../advisories/ecosystem-match.js";
import { fixedVersions, isAffected } from "../advisories/matcher.js";
import type { AdvisoryReader, AdvisoryStatus } from "../advisories/ports.js";
import { advisoryRef } from "../ecosystems/os-purl.js";
import { hasCode, throwIfAborted } from "../model/errors.js";
import type {
  DatabaseInfo,
  EcosystemCoverage,
  Finding,
  ScanResult,
  UnresolvedPackage,
} from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import type { OsvRecord } from "../model/osv.js";
import { planRemediation } from "../remediation/index.js";
import { createYielder } from "../runtime/yield.js";
import { expiredIgnores, ignoreSuppression, type ScanConfig } from "./config.js";
import { findingsForPackage } from "./findings.js";
import { DependencyGraph } from "./paths.js";
import { severityRank } from "./severity.js";
import { type VexStatement, vexSuppression } from "./vex/index.js";

/** What `scanInventory` needs besides the inventory and the advisories. */
export interface ScanContext {
  config: ScanConfig;
  vex: VexStatement[];
  /** When the scan runs: ignore expiry is judged on its day (UTC), data age against it. */
  now: Date;
  /** Warn when an ecosystem's newest advisory is older than this many days (default 7; 0 = never). */
  maxDataAgeDays?: number;
  /** The files and folders scanned, for the reports. */
  targets?: string[];
  signal?: AbortSignal;
}

/** Default of `maxDataAgeDays`: osv.dev's feeds change daily, so a week without changes means stale data. */
export const DEFAULT_MAX_DATA_AGE_DAYS = 7;

function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity.rating) - severityRank(b.severity.rating) ||
    (b.severity.score ?? -1) - (a.severity.score ?? -1) ||
    a.package.name.localeCompare(b.package.name) ||
    a.package.version.localeCompare(b.package.version) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * The scan's logic on an inventory already read: matches every resolved package, groups aliases, rates,
 * finds paths, applies VEX then ignores, and plans remediation. Unresolved packages are listed, not matched.
 * Says per ecosystem how many records it was checked against (`coverage`), and warns about ecosystems the
 * database holds nothing for and about stale data.
 */
export async function scanInventory(
  inv: Inventory,
  advisories: AdvisoryReader,
  ctx: ScanContext,
): Promise<ScanResult> {
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const day = ctx.now.toISOString().slice(0, 10);
  const graph = new DependencyGraph(inv.packages);
  const findings: Finding[] = [];
  const unresolved: UnresolvedPackage[] = [];
  const pause = createYielder();
  for (const pkg of inv.packages) {
    if (!pkg.resolved) {
      unresolved.push({
        ecosystem: pkg.ecosystem,
        name: pkg.name,
        version: pkg.version,
        purl: pkg.purl,
        locations: pkg.locations,
      });
      continue;
    }
    throwIfAborted(ctx.signal, "the scan");
    await pause();
    try {
      // OS packages are looked up under their source package, as distribution advisories name them.
      const matches = await advisories.query({ ...advisoryRef(pkg), commit: pkg.commit });
      if (matches.length > 0)
        findings.push(...findingsForPackage(pkg, matches, graph.pathsTo(pkg.purl), warn));
    } catch (error) {
      // A damaged or unusable database must never let the scan look clean: that ends it.
      if (hasCode(error, "ADVISORY_DB_CORRUPT", "ADVISORY_DB_UNUSABLE", "ADVISORY_DB_MISSING")) throw error;
      // One package the database cannot answer for (a damaged record) must not end the whole scan.
      warn(`${pkg.purl} could not be checked: ${(error as Error).message}`);
    }
  }
  for (const finding of findings) {
    const suppressed = vexSuppression(finding, ctx.vex) ?? ignoreSuppression(finding, ctx.config, day);
    if (suppressed) finding.suppressed = suppressed;
  }
  findings.sort(compareFindings);
  const expired = expiredIgnores(ctx.config, day);
  for (const e of expired) {
    warnings.push(
      `ignore of ${e.id}${e.package ? ` for ${e.package}` : ""} expired on ${e.expires} (${e.source}); it no longer suppresses`,
    );
  }
  if (unresolved.length > 0) {
    warnings.push(
      `${unresolved.length} package(s) have no resolved version (no lockfile?) and were not checked`,
    );
  }
  const status = await advisories.status();
  const coverage = coverageOf(inv, status);
  warnings.push(...coverageWarnings(coverage, ctx));
  return {
    scannedAt: ctx.now.toISOString(),
    ...(ctx.targets ? { targets: ctx.targets } : {}),
    coverage,
    findings,
    inventory: { packages: inv.packages.length, sources: inv.sources, errors: inv.errors },
    packages: inv.packages,
    unresolved,
    remediation: planRemediation(
      findings,
      await remediationSource(findings, advisories),
      (purl) => graph.isDirect(purl),
      inv.packages,
    ),
    expiredIgnores: expired,
    warnings,
    database: databaseInfo(status),
  };
}

/** Remediation reads every record of each vulnerable package (fixed versions of all its flaws): fetched once here. */
async function remediationSource(findings: readonly Finding[], advisories: AdvisoryReader) {
  const records = new Map<string, OsvRecord[]>();
  const key = (ecosystem: string, name: string) => `${ecosystem}\u0000${name}`;
  for (const f of findings) {
    const { ecosystem, name } = advisoryRef(f.package);
    if (!records.has(key(ecosystem, name)))
      records.set(key(ecosystem, name), await advisories.recordsFor(ecosystem, name));
  }
  return {
    recordsFor: (ecosystem: string, name: string) => records.get(key(ecosystem, name)) ?? [],
    fixedVersions,
    isAffected,
  };
}

/** Per ecosystem of the inventory's resolved packages: how many records the database holds for it. */
export function coverageOf(inv: Inventory, status: AdvisoryStatus): EcosystemCoverage[] {
  const byBase = new Map(status.ecosystems.map((e) => [e.ecosystem, e]));
  const packages = new Map<string, number>();
  for (const p of inv.packages)
    if (p.resolved) packages.set(p.ecosystem, (packages.get(p.ecosystem) ?? 0) + 1);
  return [...packages]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ecosystem, count]) => {
      const known = byBase.get(ecosystemBase(ecosystem));
      return {
        ecosystem,
        packages: count,
        records: known?.records ?? 0,
        ...(known?.newestModified ? { newestModified: known.newestModified } : {}),
      };
    });
}

function coverageWarnings(coverage: EcosystemCoverage[], ctx: ScanContext): string[] {
  const warnings: string[] = [];
  const unchecked = coverage.filter((c) => c.records === 0);
  if (unchecked.length > 0) {
    warnings.push(
      `NOT CHECKED: the advisory database holds no records for ${unchecked.map((c) => `${c.ecosystem} (${c.packages} packages)`).join(", ")}; those packages may be vulnerable`,
    );
  }
  const maxDays = ctx.maxDataAgeDays ?? DEFAULT_MAX_DATA_AGE_DAYS;
  if (maxDays > 0) {
    for (const c of coverage) {
      if (!c.newestModified) continue;
      const days = Math.floor((ctx.now.getTime() - Date.parse(c.newestModified)) / 86_400_000);
      if (days > maxDays)
        warnings.push(
          `the ${c.ecosystem} advisories are ${days} days old (newest record modified ${c.newestModified.slice(0, 10)}); update the database`,
        );
    }
  }
  return warnings;
}

function databaseInfo(status: AdvisoryStatus): DatabaseInfo {
  return {
    path: status.location,
    records: status.records,
    ecosystems: status.ecosystems.map((e) => ({
      ecosystem: e.ecosystem,
      records: e.records,
      lastUpdate: e.lastUpdate,
      newestModified: e.newestModified,
    })),
  };
}
