import { compareSemverWithBuild, parseSemver } from "../semver-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * Julia versions: Base.VersionNumber's ordering, SemVer-like (`v` prefix and missing minor/patch allowed)
 * where build metadata sorts after the bare version and is compared like a pre-release, as `isless` for
 * VersionNumber does.
 */
export const versions: VersionScheme = defineVersionScheme({
  parse: parseSemver,
  compare: compareSemverWithBuild,
});
