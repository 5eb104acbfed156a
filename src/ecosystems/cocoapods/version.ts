import { semverVersions } from "../semver-version.js";
import type { VersionScheme } from "../types.js";

/**
 * CocoaPods versions: pods are versioned by SemVer (the CocoaPods guides require it; osv.dev defines no
 * ordering of its own for CocoaPods), so the shared SemVer scheme applies (`1.2` = `1.2.0`).
 */
export const versions: VersionScheme = semverVersions;
