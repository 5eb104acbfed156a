import { compareDigits, isDigit, isLetter } from "../generic-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * Debian (and Ubuntu) versions ordered as dpkg does: `[epoch:]upstream[-revision]`; epochs numerically
 * (missing = 0), then upstream and revision with dpkg's `verrevcmp` (a missing revision equals `0`).
 */
export interface DebianVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

/** Splits epoch (before the first `:`), upstream and revision (after the last `-`); undefined when malformed. */
export function parseDebianVersion(version: string): DebianVersion | undefined {
  const v = version.trim();
  const colon = v.indexOf(":");
  const epoch = colon < 0 ? "0" : v.slice(0, colon);
  if (!/^\d+$/.test(epoch)) return undefined;
  const rest = v.slice(colon + 1);
  const dash = rest.lastIndexOf("-");
  const upstream = dash < 0 ? rest : rest.slice(0, dash);
  if (upstream === "") return undefined;
  return { epoch, upstream, revision: dash < 0 ? "" : rest.slice(dash + 1) };
}

/** dpkg's character weight: `~` before the end, the end before letters, letters before other characters. */
function order(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (isDigit(c)) return 0;
  if (isLetter(c)) return c;
  if (c === 126) return -1; // ~
  return c + 256;
}

/**
 * dpkg's `verrevcmp`: alternately compares non-digit prefixes by `order` and digit runs numerically.
 * Also the whole of opam's version ordering.
 */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a, i);
      const bc = order(b, j);
      if (ac !== bc) return Math.sign(ac - bc);
      i++;
      j++;
    }
    const si = i;
    const sj = j;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    const c = compareDigits(a.slice(si, i) || "0", b.slice(sj, j) || "0");
    if (c !== 0) return c;
  }
  return 0;
}

export function compareDebianVersions(a: DebianVersion, b: DebianVersion): number {
  return (
    compareDigits(a.epoch, b.epoch) || verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision)
  );
}

// Debian policy 5.6.12: the upstream part starts with a digit; colons in it only with an epoch.
const POLICY = /^(?:(\d+):)?(\d[A-Za-z0-9.+~:-]*?)(?:-([A-Za-z0-9.+~]+))?$/;

export const versions: VersionScheme = defineVersionScheme({
  parse: parseDebianVersion,
  compare: compareDebianVersions,
  isValid: (v) => {
    const m = POLICY.exec(v.trim());
    return m !== null && (m[1] !== undefined || !m[2]!.includes(":"));
  },
});
