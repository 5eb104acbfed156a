import { semverVersions } from "../semver-version.js";
import type { VersionScheme } from "../types.js";

/** SemVer 2.0 ordering, shared with the other SemVer ecosystems (see semver-version.ts). */
export const versions: VersionScheme = semverVersions;
