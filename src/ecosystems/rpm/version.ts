import { compareDigits, compareStrings, isDigit, isLetter } from "../generic-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * RPM versions (Red Hat, Rocky, AlmaLinux, SUSE, openSUSE and the rest of the family) as
 * `[epoch:]version[-release]`, each part compared with rpm's `rpmvercmp` (`~` sorts before everything,
 * even the end; `^` after the end but before anything else; digit runs numerically and after letter runs;
 * other characters only separate). The epoch is the part before the first `:` when it is all digits
 * (missing = 0); the release starts at the first `-` and a version with a release sorts after the same
 * version without one (`1 < 1-0`), as osv.dev and osv-scalibr compare Red Hat records.
 */
export interface RpmVersion {
  epoch: string;
  version: string;
  /** Empty, or the release including its leading `-`. */
  release: string;
}

export function parseRpmVersion(input: string): RpmVersion {
  const s = input.trim();
  const colon = s.indexOf(":");
  const hasEpoch = colon >= 0 && /^\d*$/.test(s.slice(0, colon));
  const evr = hasEpoch ? s.slice(colon + 1) : s;
  const dash = evr.indexOf("-");
  return {
    epoch: hasEpoch && colon > 0 ? s.slice(0, colon) : "0",
    version: dash < 0 ? evr : evr.slice(0, dash),
    release: dash < 0 ? "" : evr.slice(dash),
  };
}

function isAlnum(c: number): boolean {
  return isDigit(c) || isLetter(c);
}

const TILDE = 126;
const CARET = 94;

/** rpm's `rpmvercmp`. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (
      i < a.length &&
      !isAlnum(a.charCodeAt(i)) &&
      a.charCodeAt(i) !== TILDE &&
      a.charCodeAt(i) !== CARET
    )
      i++;
    while (
      j < b.length &&
      !isAlnum(b.charCodeAt(j)) &&
      b.charCodeAt(j) !== TILDE &&
      b.charCodeAt(j) !== CARET
    )
      j++;
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(ca);
    const inRun = numeric ? isDigit : isLetter;
    const si = i;
    const sj = j;
    while (i < a.length && inRun(a.charCodeAt(i))) i++;
    while (j < b.length && inRun(b.charCodeAt(j))) j++;
    // a numeric segment is newer than an alphabetic one
    if (j === sj) return numeric ? 1 : -1;
    const x = a.slice(si, i);
    const y = b.slice(sj, j);
    const c = numeric ? compareDigits(x, y) : compareStrings(x, y);
    if (c !== 0) return c;
  }
  // whichever still has characters left is newer
  return Math.sign(a.length - i - (b.length - j));
}

/** rpmvercmp, except that an absent part sorts before a present one, even one of separators only (`1 < 1-`). */
function comparePart(a: string, b: string): number {
  if (a === "" || b === "") return Math.sign(a.length - b.length);
  return rpmvercmp(a, b);
}

export function compareRpmVersions(a: RpmVersion, b: RpmVersion): number {
  return (
    comparePart(a.epoch, b.epoch) || comparePart(a.version, b.version) || comparePart(a.release, b.release)
  );
}

export const versions: VersionScheme = defineVersionScheme({
  parse: parseRpmVersion,
  compare: compareRpmVersions,
  isValid: (v) => /^(?:\d+:)?[A-Za-z0-9._+~^]+(?:-[A-Za-z0-9._+~^]+)?$/.test(v.trim()),
});
