import { compareSemver, parseSemver } from "../semver-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * GitHub Actions versions are git tags, by convention SemVer with a `v` and often shortened to the major or
 * minor (`v4`, `v4.1`, `v4.1.7`), and GitHub's advisories for actions give SemVer ranges; they are ordered
 * by SemVer 2.0 precedence with the missing parts as 0 (osv.dev defines no ordering of its own for this
 * ecosystem). Other tags (`release-2024`, branch names) fall back to the generic order and sort before
 * every SemVer tag.
 */
export const versions: VersionScheme = defineVersionScheme({
  parse: parseSemver,
  compare: compareSemver,
});
