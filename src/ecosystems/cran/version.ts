import { compareDigitLists } from "../generic-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * CRAN and Bioconductor versions: R's `package_version` ordering. Components are separated by `.` or `-`
 * and compared as numbers (`0.9` < `0.75`, `0.01.0` = `0.1-0`); a version that is a prefix of another
 * sorts first (`1.8` < `1.8.0`).
 */
export function parseCranVersion(version: string): string[] | undefined {
  const v = version.trim();
  return /^\d+(?:[.-]\d+)*$/.test(v) ? v.split(/[.-]/) : undefined;
}

export const versions: VersionScheme = defineVersionScheme({
  parse: parseCranVersion,
  compare: compareDigitLists,
  // R's valid_numeric_version for packages needs at least two components
  isValid: (v) => /^\d+(?:[.-]\d+)+$/.test(v.trim()),
});
