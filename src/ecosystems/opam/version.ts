import { verrevcmp } from "../debian/version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * opam versions: OpamVersionCompare, which is Debian's `verrevcmp` applied to the whole string (no epoch,
 * no revision): `~` sorts before the end, letters before other symbols, digit runs numerically.
 */
export const versions: VersionScheme = defineVersionScheme({
  parse: (v) => (v.trim() === "" ? undefined : v.trim()),
  compare: verrevcmp,
});
