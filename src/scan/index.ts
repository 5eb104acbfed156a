import type { InventoryOptions } from "../inventory/options.js";
import type { DatabaseInfo, Finding, ScanResult, UnresolvedPackage } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import type { FetchLike, TrustStore } from "../provenance/index.js";
import { planRemediation } from "../remediation/index.js";
import type { AdvisoryPort } from "./advisory-port.js";
import { expiredIgnores, ignoreSuppression, loadConfig, type ScanConfig, today } from "./config.js";
import { findingsForPackage } from "./findings.js";
import { DependencyGraph } from "./paths.js";
import { severityRank } from "./severity.js";
import { loadVex, type VexStatement, vexSuppression } from "./vex/index.js";

export type { AdvisoryPort } from "./advisory-port.js";
export { CONFIG_FILE_NAME, type IgnoreRule, parseConfig, type ScanConfig } from "./config.js";
export { ScanConfigError, VexError } from "./errors.js";
export { assertNetworkAllowed, OfflineError } from "./offline.js";
export { exitCodeFor, FAIL_ON_LEVELS, type FailOn, failingFindings, isFailOn } from "./policy.js";
export { cvssSeverity, severityOf, severityRank } from "./severity.js";
export { loadVex, parseVex, type VexStatement } from "./vex/index.js";

/** What to scan and how. New options (e.g. provenance verification) are added here as optional fields. */
export interface ScanOptions
  extends Pick<InventoryOptions, "lockfiles" | "sbom" | "exclude" | "includeIgnored" | "includeVendored"> {
  /** Files and folders to scan (default: the current folder). */
  paths: string[];
  /** Advisory database location (default: the advisories module's default, or BULWARK_DB). */
  db?: string;
  /** OpenVEX / CycloneDX VEX files. */
  vex?: string[];
  /** Config file (default: bulwark.toml in the first scanned folder). */
  config?: string;
  /** Guarantee no network access (nothing in a scan uses the network today; future fetches must check it). */
  offline?: boolean;
  /** The day ignore expiry is judged against (default: today, UTC). */
  now?: Date;
  /**
   * Verify the provenance of the npm packages: attestation files from `attestationsDir`
   * (`<name>@<version>.json`), else (unless `offline`) from the registry. The result's `provenance` says
   * which are verified, which fail and which have none.
   */
  verifyProvenance?: {
    attestationsDir?: string;
    /** Trust material (the CLI's store reads refreshed material); default: the pinned copies. */
    trust?: TrustStore;
    /** HTTP access for registry look-ups (the outbound-request policy); default: the global fetch. */
    fetch?: FetchLike;
  };
}

/** What `scanInventory` needs besides the inventory and the database. */
export interface ScanContext {
  config: ScanConfig;
  vex: VexStatement[];
  /** YYYY-MM-DD. */
  day: string;
  database: DatabaseInfo;
}

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
 */
export function scanInventory(inv: Inventory, port: AdvisoryPort, ctx: ScanContext): ScanResult {
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const graph = new DependencyGraph(inv.packages);
  const findings: Finding[] = [];
  const unresolved: UnresolvedPackage[] = [];
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
    try {
      findings.push(...findingsForPackage(pkg, port, graph, warn));
    } catch (error) {
      // One package the database cannot answer for (a damaged record) must not end the whole scan.
      warn(`${pkg.purl} could not be checked: ${(error as Error).message}`);
    }
  }
  for (const finding of findings) {
    const suppressed = vexSuppression(finding, ctx.vex) ?? ignoreSuppression(finding, ctx.config, ctx.day);
    if (suppressed) finding.suppressed = suppressed;
  }
  findings.sort(compareFindings);
  const expired = expiredIgnores(ctx.config, ctx.day);
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
  return {
    findings,
    inventory: { packages: inv.packages.length, sources: inv.sources, errors: inv.errors },
    packages: inv.packages,
    unresolved,
    remediation: planRemediation(findings, port, (purl) => graph.isDirect(purl)),
    expiredIgnores: expired,
    warnings,
    database: ctx.database,
  };
}

/**
 * `bulwark scan` as a use-case: reads the config and VEX files (failing fast on bad ones), opens the advisory
 * database (DatabaseMissingError when there is none), takes the inventory of `paths` and scans it.
 * Never modifies a file and never uses the network.
 */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const paths = scanPaths(options);
  const config = loadConfig(options.config, paths);
  const vex = loadVex(options.vex ?? []);
  // The advisories module's parts a scan needs, not its barrel (see database-port.ts).
  const [{ openAdvisoryDatabase }, { databasePort }, { inventory }] = await Promise.all([
    import("../advisories/database.js"),
    import("./database-port.js"),
    import("../inventory/index.js"),
  ]);
  const db = openAdvisoryDatabase({ db: options.db });
  try {
    const inv = await inventory(paths, {
      lockfiles: options.lockfiles,
      sbom: options.sbom,
      exclude: options.exclude,
      includeIgnored: options.includeIgnored,
      includeVendored: options.includeVendored,
    });
    const result = scanInventory(inv, databasePort(db), {
      config,
      vex,
      day: today(options.now),
      database: databaseInfo(db),
    });
    if (options.verifyProvenance) {
      const { verifyPackagesProvenance } = await import("../provenance/index.js");
      result.provenance = await verifyPackagesProvenance(inv.packages, {
        ...options.verifyProvenance,
        offline: options.offline ?? false,
      });
    }
    return result;
  } finally {
    db.close();
  }
}

/** The paths to walk: as given; the current folder when neither paths nor lockfiles nor SBOMs are given. */
function scanPaths(options: ScanOptions): string[] {
  if (options.paths.length > 0) return options.paths;
  return options.lockfiles?.length || options.sbom?.length ? [] : ["."];
}

/** Where the database is, how many records it holds and how fresh each ecosystem is, for the reports. */
function databaseInfo(db: {
  status(): { path: string; records: number; ecosystems: { ecosystem: string; lastUpdate?: string }[] };
}): DatabaseInfo {
  const { path, records, ecosystems } = db.status();
  return {
    path,
    records,
    ecosystems: ecosystems.map((e) => ({ ecosystem: e.ecosystem, lastUpdate: e.lastUpdate })),
  };
}
