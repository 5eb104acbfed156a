import type { AdvisoryReader } from "../advisories/ports.js";
import type { DiskInventoryOptions } from "../inventory/options.js";
import type { ScanResult } from "../model/finding.js";
import type { FetchLike, TrustStore } from "../provenance/index.js";
import { loadConfig } from "./config.js";
import { type ScanContext, scanInventory } from "./scan-inventory.js";
import { loadVex } from "./vex/index.js";

export { ConfigError } from "../config/bulwark-toml.js";
export { CONFIG_FILE_NAME, type IgnoreRule, parseConfig, type ScanConfig } from "./config.js";
export { VexError } from "./errors.js";
export { assertNetworkAllowed, OfflineError } from "./offline.js";
export { exitCodeFor, FAIL_ON_LEVELS, type FailOn, failingFindings, isFailOn } from "./policy.js";
export { coverageOf, DEFAULT_MAX_DATA_AGE_DAYS, type ScanContext, scanInventory } from "./scan-inventory.js";
export { cvssSeverity, severityOf, severityRank } from "./severity.js";
export { loadVex, parseVex, type VexStatement } from "./vex/index.js";

/** What to scan on disk and how. New options (e.g. provenance verification) are added here as optional fields. */
export interface ScanOptions extends Omit<DiskInventoryOptions, "maxFileBytes"> {
  /** Files and folders to scan (default: the current folder, unless lockfiles or SBOMs are given). */
  paths: string[];
  /** OpenVEX / CycloneDX VEX files. */
  vex?: string[];
  /** Config file (default: bulwark.toml in the first scanned folder). */
  config?: string;
  /** When the scan runs (default: now): ignore expiry and data age are judged against it. */
  now?: Date;
  /** Warn when an ecosystem's advisories are older than this many days (default: the config's, else 7; 0 = never). */
  maxDataAgeDays?: number;
  /** Guarantee no network access (only provenance verification may use it). */
  offline?: boolean;
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

/**
 * `bulwark scan` as a use-case on files and folders on disk: reads the config and VEX files (failing fast on
 * bad ones), takes the inventory of the paths and scans it against `advisories`. Never modifies a file and
 * never uses the network.
 */
export async function scan(options: ScanOptions, advisories: AdvisoryReader): Promise<ScanResult> {
  const paths = scanPaths(options);
  const [config, vex, { inventory }] = await Promise.all([
    loadConfig(options.config, paths),
    loadVex(options.vex ?? []),
    import("../inventory/index.js"),
  ]);
  const inv = await inventory(paths, options);
  const context: ScanContext = {
    config,
    vex,
    now: options.now ?? new Date(),
    maxDataAgeDays: options.maxDataAgeDays ?? config.maxDataAgeDays,
    targets: [...paths, ...(options.lockfiles ?? []).map((l) => l.path), ...(options.sbom ?? [])],
    signal: options.signal,
  };
  const result = await scanInventory(inv, advisories, context);
  if (options.verifyProvenance) {
    const { verifyPackagesProvenance } = await import("../provenance/index.js");
    result.provenance = await verifyPackagesProvenance(inv.packages, {
      ...options.verifyProvenance,
      offline: options.offline ?? false,
    });
  }
  return result;
}

/** The paths to walk: as given; the current folder when neither paths nor lockfiles nor SBOMs are given. */
function scanPaths(options: ScanOptions): string[] {
  if (options.paths.length > 0) return options.paths;
  return options.lockfiles?.length || options.sbom?.length ? [] : ["."];
}
