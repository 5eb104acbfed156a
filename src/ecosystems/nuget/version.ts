import { compareDigits, compareStrings, isDigit, stripLeadingZeros } from "../generic-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * NuGet versions ordered as NuGet.Versioning's VersionComparer does: up to four numeric parts
 * (`1.0` = `1.0.0.0`, `1.0.01` = `1.0.1`), then a release label sorts before no label, labels compared
 * part by part (numbers numerically and before words, words case-insensitively); build metadata after `+`
 * is ignored.
 */
export interface NugetVersion {
  /** Four numeric parts, missing ones "0", leading zeros removed. */
  numbers: string[];
  /** Release label parts. */
  release: string[];
}

const NUGET =
  /^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?\s*$/;

export function parseNugetVersion(version: string): NugetVersion | undefined {
  const m = NUGET.exec(version);
  if (m === null) return undefined;
  return {
    numbers: [m[1]!, m[2] ?? "0", m[3] ?? "0", m[4] ?? "0"].map(stripLeadingZeros),
    release: m[5] === undefined ? [] : m[5].split("."),
  };
}

function isNumber(part: string): boolean {
  for (let i = 0; i < part.length; i++) if (!isDigit(part.charCodeAt(i))) return false;
  return true;
}

function compareLabelPart(x: string, y: string): number {
  const nx = isNumber(x);
  const ny = isNumber(y);
  if (nx && ny) return compareDigits(x, y);
  if (nx !== ny) return nx ? -1 : 1;
  // StringComparer.OrdinalIgnoreCase compares upper-cased code units
  return compareStrings(x.toUpperCase(), y.toUpperCase());
}

export function compareNugetVersions(a: NugetVersion, b: NugetVersion): number {
  for (let i = 0; i < 4; i++) {
    const c = compareDigits(a.numbers[i]!, b.numbers[i]!);
    if (c !== 0) return c;
  }
  const la = a.release.length;
  const lb = b.release.length;
  if (la === 0 || lb === 0) return la === lb ? 0 : la === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(la, lb); i++) {
    const c = compareLabelPart(a.release[i]!, b.release[i]!);
    if (c !== 0) return c;
  }
  return Math.sign(la - lb);
}

const INT32_MAX = "2147483647";

export const versions: VersionScheme = defineVersionScheme({
  parse: parseNugetVersion,
  compare: compareNugetVersions,
  // NuGet stores each numeric part in an Int32
  isValid: (v) => parseNugetVersion(v)!.numbers.every((n) => compareDigits(n, INT32_MAX) <= 0),
});
