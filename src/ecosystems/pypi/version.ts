import { compareDigits, compareStrings, stripLeadingZeros } from "../generic-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * PyPI versions ordered as the `packaging` library (pip) does: PEP 440 for valid versions; any other string
 * is a "legacy" version, ordered as `packaging`'s LegacyVersion did (setuptools' old parse_version) and
 * sorted before every PEP 440 version. Every string therefore has a place in the order, and `isValid` tells
 * which ones are PEP 440.
 */

/** A PEP 440 version, normalised. Numbers are digit strings without leading zeros (any length). */
export interface Pep440Version {
  kind: "pep440";
  epoch: string;
  /** Release segment with trailing zeros removed (`1.0.0` -> `1`). */
  release: string[];
  /** Pre-release: `a`, `b` or `rc` and its number. */
  pre?: [string, string];
  post?: string;
  dev?: string;
  /** Local segments, lower-cased: digit strings or alphanumeric strings. */
  local?: string[];
}

/** A non-PEP 440 string, as `packaging`'s LegacyVersion keyed it (epoch -1). */
export interface LegacyPypiVersion {
  kind: "legacy";
  parts: string[];
}

export type PypiVersion = Pep440Version | LegacyPypiVersion;

// packaging.version.VERSION_PATTERN, anchored, with surrounding white space allowed.
const PEP440 = new RegExp(
  "^\\s*v?" +
    "(?:(?<epoch>[0-9]+)!)?" +
    "(?<release>[0-9]+(?:\\.[0-9]+)*)" +
    "(?<pre>[-_.]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pre_n>[0-9]+)?)?" +
    "(?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_.]?(?<post_l>post|rev|r)[-_.]?(?<post_n2>[0-9]+)?))?" +
    "(?<dev>[-_.]?(?<dev_l>dev)[-_.]?(?<dev_n>[0-9]+)?)?" +
    "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?" +
    "\\s*$",
  "i",
);

const PRE_LETTER: Record<string, string> = {
  alpha: "a",
  a: "a",
  beta: "b",
  b: "b",
  c: "rc",
  pre: "rc",
  preview: "rc",
  rc: "rc",
};

/** Parses a PEP 440 version; undefined when the string is not one. */
export function parsePep440(version: string): Pep440Version | undefined {
  const g = PEP440.exec(version)?.groups;
  if (g === undefined) return undefined;
  const release = g.release!.split(".").map(stripLeadingZeros);
  while (release.length > 1 && release[release.length - 1] === "0") release.pop();
  const parsed: Pep440Version = { kind: "pep440", epoch: stripLeadingZeros(g.epoch ?? "0"), release };
  if (g.pre_l !== undefined) {
    parsed.pre = [PRE_LETTER[g.pre_l.toLowerCase()]!, stripLeadingZeros(g.pre_n ?? "0")];
  }
  if (g.post !== undefined) parsed.post = stripLeadingZeros(g.post_n1 ?? g.post_n2 ?? "0");
  if (g.dev !== undefined) parsed.dev = stripLeadingZeros(g.dev_n ?? "0");
  if (g.local !== undefined) {
    parsed.local = g.local
      .toLowerCase()
      .split(/[-_.]/)
      .map((s) => (/^[0-9]+$/.test(s) ? stripLeadingZeros(s) : s));
  }
  return parsed;
}

// packaging's _legacy_version_component_re; digits are Unicode decimal digits as Python's \d is.
const LEGACY_COMPONENT = /\p{Nd}+|[a-z]+|\.|-/gu;
const LEGACY_REPLACEMENT: Record<string, string> = {
  pre: "c",
  preview: "c",
  "-": "final-",
  rc: "c",
  dev: "@",
};

/** The sort key `packaging` gave a LegacyVersion (`_legacy_cmpkey`), parts compared as strings. */
export function parseLegacy(version: string): LegacyPypiVersion {
  const parts: string[] = [];
  for (const raw of splitLegacy(version.toLowerCase())) {
    const part = LEGACY_REPLACEMENT[raw] ?? raw;
    if (part === "" || part === ".") continue;
    const key = /^[0-9]/.test(part) ? part.padStart(8, "0") : `*${part}`;
    if (key.startsWith("*")) {
      // remove "-" before a pre-release tag, and trailing zeros from each series of numeric parts
      if (key < "*final") while (parts.length > 0 && parts[parts.length - 1] === "*final-") parts.pop();
      while (parts.length > 0 && parts[parts.length - 1] === "00000000") parts.pop();
    }
    parts.push(key);
  }
  // "*final" ends every key so that alpha/beta/candidate parts sort before the final release
  while (parts.length > 0 && parts[parts.length - 1] === "00000000") parts.pop();
  parts.push("*final");
  return { kind: "legacy", parts };
}

/** Python's re.split with a capturing group: the text between matches and the matches themselves, in order. */
function splitLegacy(version: string): string[] {
  const out: string[] = [];
  let last = 0;
  for (const m of version.matchAll(LEGACY_COMPONENT)) {
    out.push(version.slice(last, m.index), m[0]);
    last = m.index + m[0].length;
  }
  out.push(version.slice(last));
  return out;
}

function compareNumberLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = compareDigits(a[i] ?? "0", b[i] ?? "0");
    if (c !== 0) return c;
  }
  return 0;
}

// Ranks standing in for packaging's Infinity / -Infinity markers in its comparison key.
const BEFORE_ALL = -1;
const AFTER_ALL = 1;

function preKey(v: Pep440Version): number | [string, string] {
  if (v.pre !== undefined) return v.pre;
  // a dev release of a final version (1.0.dev0) sorts before its pre-releases (1.0a0)
  return v.post === undefined && v.dev !== undefined ? BEFORE_ALL : AFTER_ALL;
}

function compareMarked<T>(x: number | T, y: number | T, compare: (x: T, y: T) => number): number {
  if (typeof x === "number" || typeof y === "number") {
    const rx = typeof x === "number" ? x : 0;
    const ry = typeof y === "number" ? y : 0;
    return Math.sign(rx - ry);
  }
  return compare(x, y);
}

function compareLocal(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const nx = /^[0-9]+$/.test(x);
    const ny = /^[0-9]+$/.test(y);
    // numeric segments sort after alphanumeric ones
    const c = nx && ny ? compareDigits(x, y) : nx !== ny ? (nx ? 1 : -1) : compareStrings(x, y);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

/** PEP 440 ordering: epoch, release, pre, post, dev, local, exactly as packaging's `_cmpkey`. */
export function comparePep440(a: Pep440Version, b: Pep440Version): number {
  return (
    compareDigits(a.epoch, b.epoch) ||
    compareNumberLists(a.release, b.release) ||
    compareMarked(preKey(a), preKey(b), (x, y) => compareStrings(x[0], y[0]) || compareDigits(x[1], y[1])) ||
    compareMarked(a.post ?? BEFORE_ALL, b.post ?? BEFORE_ALL, compareDigits) ||
    compareMarked(a.dev ?? AFTER_ALL, b.dev ?? AFTER_ALL, compareDigits) ||
    compareMarked(a.local ?? BEFORE_ALL, b.local ?? BEFORE_ALL, compareLocal)
  );
}

function compareLegacyParts(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareStrings(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

/** Parses any string: PEP 440 where it is one, else its legacy key. */
export function parsePypiVersion(version: string): PypiVersion {
  return parsePep440(version) ?? parseLegacy(version);
}

/** Orders two parsed PyPI versions; legacy versions sort before all PEP 440 ones. */
export function comparePypiVersions(a: PypiVersion, b: PypiVersion): number {
  if (a.kind === "legacy" || b.kind === "legacy") {
    if (a.kind !== b.kind) return a.kind === "legacy" ? -1 : 1;
    return compareLegacyParts((a as LegacyPypiVersion).parts, (b as LegacyPypiVersion).parts);
  }
  return comparePep440(a, b);
}

export const versions: VersionScheme = defineVersionScheme({
  parse: parsePypiVersion,
  compare: comparePypiVersions,
  isValid: (v) => parsePep440(v) !== undefined,
});
