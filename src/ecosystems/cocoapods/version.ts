import { semverVersions } from "../semver-version.js";
import type { VersionScheme } from "../types.js";

/**
 * CocoaPods versions: pods are versioned by SemVer (the CocoaPods guides require it) and osv.dev orders the
 * CocoaPods ecosystem by SemVer 2.0 precedence, so the shared SemVer scheme applies (`1.2` = `1.2.0`).
 */
export const versions: VersionScheme = semverVersions;
