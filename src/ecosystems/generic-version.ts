import type { VersionScheme } from "./types.js";

/**
 * The fallback ordering, used for versions an ecosystem's scheme cannot parse and for ecosystems Bulwark has
 * no scheme for. Rules, in order:
 *
 * - a leading `v`/`V` directly before a digit is ignored (`v1.2` = `1.2`);
 * - the rest is split into runs of digits and runs of other characters; the separators `. - _ + ~` and
 *   white space only split runs and are otherwise ignored (`1.0` = `1-0` = `1_0`);
 * - runs are compared pairwise: two digit runs numerically (any length, leading zeros ignored), two
 *   other runs case-insensitively by code point, and a digit run sorts after a non-digit run
 *   (`1.0.a` < `1.0.1`);
 * - when one version runs out of runs first, it sorts first (`1.0` < `1.0.1`, `1.0` < `1.0a`).
 *
 * The result is a total preorder: deterministic, antisymmetric and transitive. Zero means "equivalent under
 * these rules", not "identical strings". It never throws.
 */
export function compareGeneric(a: string, b: string): number {
  if (a === b) return 0;
  const ta = tokenize(a);
  const tb = tokenize(b);
  const n = Math.min(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const c = compareRuns(ta[i]!, tb[i]!);
    if (c !== 0) return c;
  }
  return Math.sign(ta.length - tb.length);
}

const RUN = /\d+|[^\d.\-_+~\s]+/g;

function tokenize(version: string): string[] {
  const v = /^[vV]\d/.test(version) ? version.slice(1) : version;
  return v.match(RUN) ?? [];
}

function compareRuns(x: string, y: string): number {
  const nx = isDigit(x.charCodeAt(0));
  const ny = isDigit(y.charCodeAt(0));
  if (nx && ny) return compareDigits(x, y);
  if (nx !== ny) return nx ? 1 : -1;
  return compareStrings(x.toLowerCase(), y.toLowerCase());
}

/** Whether a UTF-16 code unit is an ASCII digit. */
export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Whether a UTF-16 code unit is an ASCII letter. */
export function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Compares by UTF-16 code units (what C's strcmp, Go's and Dart's string comparisons do for ASCII). */
export function compareStrings(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Compares two strings of ASCII digits as numbers of any length, without losing precision. */
export function compareDigits(x: string, y: string): number {
  const a = stripLeadingZeros(x);
  const b = stripLeadingZeros(y);
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return compareStrings(a, b);
}

/** "007" -> "7", "000" -> "0", "" -> "". */
export function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return i === 0 ? digits : digits.slice(i);
}

/** The fallback scheme itself: every non-empty string is "valid" because nothing stricter is known. */
export const genericVersions: VersionScheme = {
  compare: compareGeneric,
  isValid: (v) => typeof v === "string" && v.trim().length > 0,
};

/** Compares lists of digit strings element by element, numerically; a list that is a prefix of the other sorts first. */
export function compareDigitLists(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}
