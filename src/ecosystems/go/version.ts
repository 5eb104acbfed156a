import { compareSemver, parseSemver, type SemverVersion } from "../semver-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * Go versions. Module versions follow golang.org/x/mod/semver: SemVer 2.0 with a `v` prefix (optional here,
 * because OSV records write `1.2.3`), the shorthands `v1` and `v1.2`, build metadata ignored (so
 * `v2.0.0+incompatible` = `v2.0.0`); pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`,
 * `v1.2.4-0.2019…`) are pre-releases and order correctly by SemVer rules.
 *
 * Go toolchain and standard-library versions (`go1.21rc1`, `go1.21.0`, `1.21rc1`, `go1.20`) are mapped
 * to SemVer the way the Go vulnerability database does (`go1.21rc1` -> `1.21.0-rc.1`, `go1.20` ->
 * `1.20.0`), so they compare with the `stdlib`/`toolchain` ranges of OSV records.
 */

// A Go release tag: go1.21, go1.21.3, go1.21rc1, go1.9beta2 (the "go" prefix optional).
const GO_TAG = /^\s*(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(alpha|beta|rc)(\d+))?\s*$/;

/** Maps a Go release tag to SemVer; undefined when the string is not one. */
export function parseGoReleaseTag(version: string): SemverVersion | undefined {
  const m = GO_TAG.exec(version);
  if (m === null) return undefined;
  return {
    release: [m[1]!, m[2]!, m[3] ?? "0"],
    prerelease: m[4] === undefined ? [] : [m[4], m[5]!],
    build: [],
  };
}

/** Parses a Go module version (with or without `v`) or a Go release tag. */
export function parseGoVersion(version: string): SemverVersion | undefined {
  if (/^\s*go\d/.test(version) || /^\s*\d+\.\d+(?:\.\d+)?(?:alpha|beta|rc)\d+\s*$/.test(version)) {
    return parseGoReleaseTag(version);
  }
  return parseSemver(version);
}

// golang.org/x/mod/semver's grammar: no leading zeros, shorthands only without pre-release or build.
const NUM = "(?:0|[1-9][0-9]*)";
const PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
const BUILD_ID = "[0-9A-Za-z-]+";
const GO_SEMVER = new RegExp(
  `^v?(?:${NUM}(?:\\.${NUM})?|${NUM}\\.${NUM}\\.${NUM}(?:-${PRE_ID}(?:\\.${PRE_ID})*)?(?:\\+${BUILD_ID}(?:\\.${BUILD_ID})*)?)$`,
);

/** Whether Go's tooling accepts the version (module semver, `v` optional, or a release tag). */
export function isValidGoVersion(version: string): boolean {
  return GO_SEMVER.test(version) || GO_TAG.test(version);
}

export const versions: VersionScheme = defineVersionScheme({
  parse: parseGoVersion,
  compare: compareSemver,
  isValid: isValidGoVersion,
});
