import { compareSemverWithBuild, parseSemver } from "../semver-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * Pub (Dart) versions: pub_semver's ordering, SemVer 2.0 except that build metadata is not ignored: a
 * version with a build sorts after the bare version and builds compare like pre-releases
 * (`1.0.0 < 1.0.0+1 < 1.0.0+a`). Parsing is lenient (`v` prefix, missing minor/patch) so that near-misses
 * still order; `isValid` is pub_semver's strict grammar.
 */
export const versions: VersionScheme = defineVersionScheme({
  parse: parseSemver,
  compare: compareSemverWithBuild,
  isValid: (v) =>
    /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/.test(v),
});
