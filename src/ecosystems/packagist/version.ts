import { compareDigits } from "../generic-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * Packagist versions ordered by PHP's `version_compare` after the normalisation osv-scalibr applies (a
 * leading `v`/`V` removed, as Composer does):
 *
 * 1. `-`, `_` and `+` become `.`, and a `.` is inserted wherever digits meet non-digits (`1.0rc1` ->
 *    `1.0.rc.1`);
 * 2. parts compare pairwise: numbers numerically; words by their special form
 *    (`dev` < `alpha` = `a` < `beta` = `b` < `RC` = `rc` < `#` < `pl` = `p`, matched by prefix; any
 *    other word before `dev`); a number counts as the special form `#`;
 * 3. when one version has more parts, it is greater if the next part is a number, otherwise the
 *    remaining parts are compared with `#` (`1.0` < `1.0.0`, `1.0rc1` < `1.0`, `1.0pl1` > `1.0`).
 */
export function parsePackagistVersion(version: string): string[] | undefined {
  const v = version.trim().replace(/^v/, "").replace(/^V/, "");
  if (v === "") return undefined;
  return v
    .replace(/[-_+]/g, ".")
    .replace(/([^\d.])(\d)/g, "$1.$2")
    .replace(/(\d)([^\d.])/g, "$1.$2")
    .split(".");
}

// compare_special_version_forms in php-src ext/standard/versioning.c; the first prefix match wins
const SPECIAL_FORMS: [string, number][] = [
  ["dev", 0],
  ["alpha", 1],
  ["a", 1],
  ["beta", 2],
  ["b", 2],
  ["RC", 3],
  ["rc", 3],
  ["#", 4],
  ["pl", 5],
  ["p", 5],
];
const NUMBER_FORM = "#";

function specialForm(part: string): number {
  for (const [name, order] of SPECIAL_FORMS) if (part.startsWith(name)) return order;
  return -1;
}

function isNumber(part: string): boolean {
  return /^\d+$/.test(part);
}

function comparePart(x: string, y: string): number {
  const nx = isNumber(x);
  const ny = isNumber(y);
  if (nx && ny) return compareDigits(x, y);
  return Math.sign(specialForm(nx ? NUMBER_FORM : x) - specialForm(ny ? NUMBER_FORM : y));
}

/** `php_version_compare` on canonical parts. */
export function comparePackagistVersions(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  if (a.length > n) return isNumber(a[n]!) ? 1 : comparePackagistVersions(a.slice(n), [NUMBER_FORM]);
  if (b.length > n) return isNumber(b[n]!) ? -1 : comparePackagistVersions([NUMBER_FORM], b.slice(n));
  return 0;
}

// Composer's accepted shapes: numbered versions with an optional stability suffix, or dev-branches
const COMPOSER_VERSION =
  /^v?\d+(?:\.\d+){0,3}(?:[._-]?(?:stable|beta|b|RC|rc|alpha|a|patch|pl|p)(?:[.-]?\d+)*)?(?:[.-]?dev)?(?:\+.*)?$|^dev-\S+$|^\S+-dev$/i;

export const versions: VersionScheme = defineVersionScheme({
  parse: parsePackagistVersion,
  compare: comparePackagistVersions,
  isValid: (v) => COMPOSER_VERSION.test(v.trim()),
});
