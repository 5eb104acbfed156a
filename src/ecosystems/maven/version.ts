import { compareDigits, compareStrings, isDigit, stripLeadingZeros } from "../generic-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * Maven versions ordered by Maven's version order specification
 * (https://maven.apache.org/pom.html#version-order-specification), which ComparableVersion implements and
 * osv.dev uses for Maven ranges:
 *
 * 1. split into tokens at `.`, `-` and digit/non-digit transitions, keeping the separator as the token's
 *    prefix (a transition counts as `-`); empty tokens become `0`; case is ignored;
 * 2. aliases: `cr` = `rc`; `ga`, `final`, `release` = `` (the release); `a1`, `b1`, `m1` = alpha, beta,
 *    milestone when directly followed by a number;
 * 3. trailing null tokens (`0`, ``) are trimmed, repeated at each remaining hyphen from the end
 *    (`1.0.0-foo.0.0` -> `1-foo`, `1-ga-1` -> `1-1`);
 * 4. tokens are compared pairwise, the shorter version padded with null tokens of the other's prefix;
 *    with equal prefixes numbers compare numerically, qualifiers as
 *    alpha < beta < milestone < rc < snapshot < `` < sp < other words (alphabetically), and a number
 *    is greater than a qualifier; with different prefixes `.qualifier` < `-qualifier` < `-number` < `.number`.
 *
 * Every string parses, so the generic fallback is never needed.
 */

interface Token {
  prefix: "" | "." | "-";
  /** Lower-cased qualifier or, for numbers, digits without leading zeros. */
  value: string;
  numeric: boolean;
}

/** A Maven version as its trimmed token list. */
export type MavenVersion = Token[];

const QUALIFIER_RANK: Record<string, number> = {
  alpha: 0,
  beta: 1,
  milestone: 2,
  rc: 3,
  snapshot: 4,
  "": 5,
  sp: 6,
};
const UNKNOWN_QUALIFIER = 7;
const ALIASES: Record<string, string> = { cr: "rc", ga: "", final: "", release: "" };
const SHORT_QUALIFIERS: Record<string, string> = { a: "alpha", b: "beta", m: "milestone" };

/** Tokenises and trims a Maven version (steps 1–3 above). */
export function parseMavenVersion(version: string): MavenVersion {
  const tokens: Token[] = [];
  const pieces = version
    .trim()
    .toLowerCase()
    .split(/([.-])/);
  for (let i = 0; i < pieces.length; i += 2) {
    const piece = pieces[i]!;
    let prefix = (i === 0 ? "" : pieces[i - 1]) as Token["prefix"];
    const runs = piece.match(/\d+|\D+/g) ?? [""];
    runs.forEach((run, j) => {
      if (j > 0) prefix = "-";
      const numeric = run !== "" && isDigit(run.charCodeAt(0));
      let value = run === "" ? "0" : numeric ? stripLeadingZeros(run) : run;
      if (!numeric) {
        value = ALIASES[value] ?? value;
        if (j < runs.length - 1) value = SHORT_QUALIFIERS[value] ?? value;
      }
      tokens.push({ prefix, value, numeric: numeric || run === "" });
    });
  }
  trimNulls(tokens);
  return tokens;
}

function isNull(token: Token): boolean {
  return token.value === "0" || token.value === "";
}

/** Removes trailing null tokens, then again before each remaining hyphen, from the end to the start. */
function trimNulls(tokens: Token[]): void {
  let i = tokens.length - 1;
  while (i > 0) {
    if (isNull(tokens[i]!)) {
      tokens.splice(i, 1);
      i--;
      continue;
    }
    while (i >= 0 && tokens[i]!.prefix !== "-") i--;
    i--;
  }
}

function qualifierRank(value: string): number {
  return QUALIFIER_RANK[value] ?? UNKNOWN_QUALIFIER;
}

/** Order of tokens with different prefixes: `.qualifier` < `-qualifier` < `-number` < `.number`. */
function prefixRank(t: Token): number {
  if (t.numeric) return t.prefix === "." ? 3 : 2;
  return t.prefix === "." ? 0 : 1;
}

/** The null token a shorter version is padded with, matching the other version's token. */
function padding(other: Token): Token {
  if (other.prefix === "-") return { prefix: "-", value: "", numeric: false };
  // `sp` is the one qualifier after the release, so a `.sp` is compared with the release qualifier
  if (other.value === "sp") return { prefix: other.prefix, value: "", numeric: false };
  return { prefix: other.prefix, value: "0", numeric: true };
}

function compareTokens(a: Token, b: Token, aPadded: boolean, bPadded: boolean): number {
  if (a.prefix !== b.prefix) return Math.sign(prefixRank(a) - prefixRank(b));
  if (a.numeric && b.numeric) return compareDigits(a.value, b.value);
  // a real number is greater than any qualifier; a padded zero is compared as a word (osv.dev, scalibr)
  if (a.numeric && !aPadded) return 1;
  if (b.numeric && !bPadded) return -1;
  const ra = qualifierRank(a.value);
  const rb = qualifierRank(b.value);
  if (ra === UNKNOWN_QUALIFIER && rb === UNKNOWN_QUALIFIER) return compareStrings(a.value, b.value);
  return Math.sign(ra - rb);
}

/** Compares two tokenised Maven versions (step 4 above). */
export function compareMavenVersions(a: MavenVersion, b: MavenVersion): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? padding(b[i]!);
    const y = b[i] ?? padding(a[i]!);
    if (x.prefix === y.prefix && x.value === y.value) continue;
    const c = compareTokens(x, y, i >= a.length, i >= b.length);
    if (c !== 0) return c;
  }
  return 0;
}

export const versions: VersionScheme = defineVersionScheme({
  parse: parseMavenVersion,
  compare: compareMavenVersions,
  // Maven accepts any string; an empty one or one with white space inside is not a version anyone publishes
  isValid: (v) => /^\S+$/.test(v.trim()),
});
