// only `valid`: the whole semver package costs ~10 ms more of start-up
import validSemver from "semver/functions/valid.js";
import { compareDigits, compareStrings, isDigit } from "./generic-version.js";
import { defineVersionScheme } from "./version-scheme.js";

/** A version in SemVer 2.0 shape: three numeric parts, pre-release and build identifiers. */
export interface SemverVersion {
  /** Major, minor, patch as digit strings (any length; compared as numbers). */
  release: [string, string, string];
  prerelease: string[];
  build: string[];
}

// Lenient SemVer: a leading "v", missing minor/patch ("1.2" = "1.2.0") and leading zeros are accepted so
// that near-misses still order by their numbers; `isValid` stays strict.
const SEMVER_LIKE =
  /^\s*[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?\s*$/;

/** Parses a SemVer-shaped version (leniently, see above); undefined when it is not one. */
export function parseSemver(version: string): SemverVersion | undefined {
  const m = SEMVER_LIKE.exec(version);
  if (m === null) return undefined;
  return {
    release: [m[1]!, m[2] ?? "0", m[3] ?? "0"],
    prerelease: m[4] === undefined ? [] : m[4].split("."),
    build: m[5] === undefined ? [] : m[5].split("."),
  };
}

function isNumeric(identifier: string): boolean {
  for (let i = 0; i < identifier.length; i++) if (!isDigit(identifier.charCodeAt(i))) return false;
  return identifier.length > 0;
}

/** SemVer 2.0 identifier precedence: numeric ones numerically and before alphanumeric ones, which compare in ASCII order. */
export function compareIdentifier(x: string, y: string): number {
  const nx = isNumeric(x);
  const ny = isNumeric(y);
  if (nx && ny) return compareDigits(x, y);
  if (nx !== ny) return nx ? -1 : 1;
  return compareStrings(x, y);
}

/** Compares identifier lists field by field; when one is a prefix of the other, the shorter sorts first. */
export function compareIdentifiers(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdentifier(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

/** Compares major, minor and patch numerically. */
export function compareRelease(a: SemverVersion, b: SemverVersion): number {
  for (let i = 0; i < 3; i++) {
    const c = compareDigits(a.release[i]!, b.release[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** SemVer 2.0 precedence: release numbers, then a pre-release sorts before the release; build metadata is ignored. */
export function compareSemver(a: SemverVersion, b: SemverVersion): number {
  const c = compareRelease(a, b);
  if (c !== 0) return c;
  const ap = a.prerelease.length;
  const bp = b.prerelease.length;
  if (ap === 0 || bp === 0) return ap === bp ? 0 : ap === 0 ? 1 : -1;
  return compareIdentifiers(a.prerelease, b.prerelease);
}

/**
 * SemVer precedence where build metadata is not ignored but sorts after the bare version and is compared
 * like a pre-release (Dart's pub_semver and Julia's VersionNumber: `1.0.0 < 1.0.0+1 < 1.0.0+a`).
 */
export function compareSemverWithBuild(a: SemverVersion, b: SemverVersion): number {
  const c = compareSemver(a, b);
  if (c !== 0) return c;
  if (a.build.length === 0 || b.build.length === 0) return Math.sign(a.build.length - b.build.length);
  return compareIdentifiers(a.build, b.build);
}

/**
 * SemVer 2.0 ordering (npm, crates.io, Hex, SwiftURL, GitHub Actions tags, and OSV `SEMVER` ranges).
 * Validity is the `semver` library's strict parse (what npm accepts); comparison is SemVer 2.0 precedence on
 * numbers of any length, which agrees with `semver.compare` on every version that library accepts and
 * still orders near-misses such as `v1.2` or 30-digit numbers by their values.
 */
export const semverVersions = defineVersionScheme({
  parse: parseSemver,
  compare: compareSemver,
  isValid: (v) => validSemver(v) !== null,
});
