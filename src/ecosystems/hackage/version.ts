import { compareDigitLists } from "../generic-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * Hackage (and GHC) versions: Haskell's `Data.Version` / Cabal ordering, numeric components compared as
 * lists, so a version that is a prefix of another sorts first (`1.0` < `1.0.0`).
 */
export function parseHackageVersion(version: string): string[] | undefined {
  const v = version.trim();
  return /^\d+(?:\.\d+)*$/.test(v) ? v.split(".") : undefined;
}

export const versions: VersionScheme = defineVersionScheme({
  parse: parseHackageVersion,
  compare: compareDigitLists,
});
