import { compareDigits, compareStrings, isDigit } from "../generic-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * RubyGems versions ordered as Gem::Version#<=> does: `-` means `.pre.`; the version is scanned into
 * numeric and alphabetic segments; trailing zeros are dropped from the numeric part and from the
 * part after the first letter segment (`1.0.a2` = `1.0.a.2`, `1.0` = `1`); segments compare pairwise,
 * missing ones as 0, numbers numerically, letters byte-wise, and letters before numbers (so any letter
 * marks a pre-release: `1.0.b1` < `1.0`). Parsing accepts strings Gem::Version would reject for a missing
 * dot (`1beta`) so that they still order; `isValid` is Gem::Version's own pattern.
 */
export type GemVersion = string[];

function isNumber(segment: string): boolean {
  return isDigit(segment.charCodeAt(0));
}

function dropTrailingZeros(segments: string[]): string[] {
  let end = segments.length;
  while (end > 0 && isNumber(segments[end - 1]!) && /^0+$/.test(segments[end - 1]!)) end--;
  return segments.slice(0, end);
}

/** Gem::Version#canonical_segments. */
export function parseGemVersion(version: string): GemVersion | undefined {
  const v = version.trim();
  if (!/^[0-9A-Za-z.-]*$/.test(v)) return undefined;
  const segments = (v === "" ? "0" : v).replaceAll("-", ".pre.").match(/[0-9]+|[a-z]+/gi) ?? [];
  const firstWord = segments.findIndex((s) => !isNumber(s));
  if (firstWord < 0) return dropTrailingZeros(segments);
  return [
    ...dropTrailingZeros(segments.slice(0, firstWord)),
    ...dropTrailingZeros(segments.slice(firstWord)),
  ];
}

/** Gem::Version#<=> on canonical segments. */
export function compareGemVersions(a: GemVersion, b: GemVersion): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? "0";
    const y = b[i] ?? "0";
    const nx = isNumber(x);
    const ny = isNumber(y);
    const c = nx && ny ? compareDigits(x, y) : nx !== ny ? (nx ? 1 : -1) : compareStrings(x, y);
    if (c !== 0) return c;
  }
  return 0;
}

// Gem::Version::ANCHORED_VERSION_PATTERN
const GEM_VERSION = /^\s*([0-9]+(?:\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*$/;

export const versions: VersionScheme = defineVersionScheme({
  parse: parseGemVersion,
  compare: compareGemVersions,
  isValid: (v) => GEM_VERSION.test(v),
});
