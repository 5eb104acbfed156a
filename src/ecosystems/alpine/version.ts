import { compareDigits, isDigit } from "../generic-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * Alpine (and Wolfi, Chainguard, …) package versions ordered as apk-tools' `apk_version_compare` does:
 * `{number}{.number}…{letter}{_suffix{number}}…{-r{number}}`, read as a stream of typed tokens. Suffixes
 * sort `_alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p`; a number with a leading
 * zero after a dot compares as a fraction (`1.05` < `1.1`); when one version runs out of tokens first, the
 * other is greater unless its next token is a pre-release suffix. Numbers of any length compare exactly
 * (apk-tools' C ints would overflow past ten digits).
 *
 * The tokenizer is apk-tools 2.10's (Alpine 3.10, which produced the corpus' generated fixtures); where it
 * accepted malformed versions that current apk-tools rejects (`1.2.0A`, `0.r1`, `1-ruff`), the rejected
 * part ranks after the end, so such a version sorts before its valid prefix, as current apk-tools orders
 * them; two versions malformed the same way still compare past that point (`0.8.21.r1` < `0.8.21.r2`).
 */

enum Token {
  Invalid = -1,
  DigitOrZero = 0,
  Digit = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNo = 4,
  RevisionNo = 5,
  End = 6,
  /** A letter right after a dot (`0.8.21.r2`): readable by apk-tools 2.10, ranked after the end. */
  DotLetter = 7,
}

/** A token value: a digit run (as digits) or a number (letter code, suffix rank, leading-zero count). */
type Value = string | number;

const PRE_SUFFIXES = ["alpha", "beta", "pre", "rc"];
const POST_SUFFIXES = ["cvs", "svn", "git", "hg", "p"];

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** A cursor over one version string, producing apk's tokens. */
class Tokenizer {
  type: Token = Token.Digit;
  private pos = 0;

  constructor(private readonly s: string) {}

  private get remaining(): number {
    return this.s.length - this.pos;
  }

  /** apk's next_token: decides the type of the token starting at the cursor. */
  private nextType(): void {
    const previous = this.type === Token.DotLetter ? Token.Letter : this.type;
    let n = Token.Invalid;
    const c = this.s.charCodeAt(this.pos);
    if (this.remaining <= 0) n = Token.End;
    else if ((previous === Token.Digit || previous === Token.DigitOrZero) && isLower(c)) n = Token.Letter;
    else if (previous === Token.Letter && isDigit(c)) n = Token.Digit;
    else if (previous === Token.Suffix && isDigit(c)) n = Token.SuffixNo;
    else {
      const after = this.s.charCodeAt(this.pos + 1);
      if (c === 46) {
        n = isLower(after) ? Token.DotLetter : Token.DigitOrZero;
      } else if (c === 95)
        n = Token.Suffix; // _
      else if (c === 45 && after === 114) {
        // "-r", unless a word follows ("-ruff"), which current apk-tools rejects
        n = isLower(this.s.charCodeAt(this.pos + 2)) ? Token.Invalid : Token.RevisionNo;
        this.pos++;
      }
      this.pos++;
    }
    if (n < previous) {
      const allowed =
        (n === Token.DigitOrZero && previous === Token.Digit) ||
        (n === Token.Suffix && previous === Token.SuffixNo) ||
        (n === Token.Digit && previous === Token.Letter);
      if (!allowed) n = Token.Invalid;
    }
    this.type = n;
  }

  /**
   * After leading zeros apk-tools 2.10 always expects digits; when none follow (`1.0_rc1`), this reads the
   * empty digit token so that the next real token shows.
   */
  skipEmptyDigits(): void {
    if (this.type === Token.Digit && !isDigit(this.s.charCodeAt(this.pos))) this.take();
  }

  /** apk's get_token: the value of the token at the cursor (of type `this.type`), then advances. */
  take(): Value {
    if (this.remaining <= 0) {
      this.type = Token.End;
      return 0;
    }
    let value: Value;
    let next = Token.Invalid;
    let i = this.pos;
    const s = this.s;
    // after a dot, leading zeros are a token of their own, worth minus their count (`1.05` < `1.1`)
    const type = this.type === Token.DigitOrZero && s.charCodeAt(i) !== 48 ? Token.Digit : this.type;
    switch (type) {
      case Token.DigitOrZero:
        while (i < s.length && s.charCodeAt(i) === 48) i++;
        next = Token.Digit;
        value = -(i - this.pos);
        break;
      case Token.Digit:
      case Token.SuffixNo:
      case Token.RevisionNo:
        while (i < s.length && isDigit(s.charCodeAt(i))) i++;
        value = s.slice(this.pos, i);
        break;
      case Token.Letter:
      case Token.DotLetter:
        value = s.charCodeAt(i);
        i++;
        break;
      case Token.Suffix: {
        const rest = s.slice(i);
        const pre = PRE_SUFFIXES.findIndex((p) => rest.startsWith(p));
        const post = pre >= 0 ? -1 : POST_SUFFIXES.findIndex((p) => rest.startsWith(p));
        if (pre < 0 && post < 0) {
          this.type = Token.Invalid;
          return -1;
        }
        value = pre >= 0 ? pre - PRE_SUFFIXES.length : post;
        i += (pre >= 0 ? PRE_SUFFIXES[pre]! : POST_SUFFIXES[post]!).length;
        break;
      }
      default:
        this.type = Token.Invalid;
        return -1;
    }
    this.pos = i;
    if (this.remaining <= 0) this.type = Token.End;
    else if (next !== Token.Invalid) this.type = next;
    else this.nextType();
    return value;
  }
}

function compareValues(x: Value, y: Value): number {
  if (typeof x === "string" && typeof y === "string") return compareDigits(x || "0", y || "0");
  if (typeof x === "number" && typeof y === "number") return Math.sign(x - y);
  // a digit run meets a leading-zero count (negative) or the 0 an exhausted version reads as
  const n = typeof x === "number" ? x : (y as number);
  const digits = typeof x === "number" ? (y as string) : x;
  const c = n < 0 ? -1 : compareDigits(String(n), digits || "0");
  return typeof x === "number" ? c : -c;
}

function rank(type: Token): number {
  return type === Token.Invalid ? Token.DotLetter + 1 : type;
}

function isPreReleaseSuffix(t: Tokenizer): boolean {
  return t.type === Token.Suffix && (t.take() as number) < 0;
}

/** apk_version_compare on two version strings. */
export function compareApkVersions(a: string, b: string): number {
  const ta = new Tokenizer(a);
  const tb = new Tokenizer(b);
  let av: Value = 0;
  let bv: Value = 0;
  let c = 0;
  while (ta.type === tb.type && ta.type !== Token.End && ta.type !== Token.Invalid && c === 0) {
    av = ta.take();
    bv = tb.take();
    c = compareValues(av, bv);
  }
  if (c !== 0) return c;
  // apk-tools 2.10 ranked `1.0_rc1` after `1.0` (its empty digit token after the zeros outranks the end);
  // current apk-tools, and this, see the pre-release suffix
  if (ta.type === Token.End) tb.skipEmptyDigits();
  if (tb.type === Token.End) ta.skipEmptyDigits();
  if (ta.type === tb.type) return 0;
  // equal so far: the longer version is greater unless it continues with a pre-release suffix or with
  // something invalid (current apk-tools ranks an invalid token last; 2.10 ranked it first)
  const at = rank(ta.type);
  const bt = rank(tb.type);
  if (isPreReleaseSuffix(ta)) return -1;
  if (isPreReleaseSuffix(tb)) return 1;
  if (at > bt) return -1;
  if (bt > at) return 1;
  return 0;
}

/**
 * apk_version_validate: the whole string reads as tokens up to the end; as current apk-tools requires, it
 * starts with a digit and has no letter right after a dot.
 */
export function isValidApkVersion(version: string): boolean {
  if (!isDigit(version.charCodeAt(0))) return false;
  const t = new Tokenizer(version);
  while (t.type !== Token.End && t.type !== Token.Invalid && t.type !== Token.DotLetter) t.take();
  return t.type === Token.End;
}

export const versions: VersionScheme = defineVersionScheme({
  // apk reads a C string: it ends at the first NUL
  parse: (v) => v.split("\0", 1)[0],
  compare: compareApkVersions,
  isValid: isValidApkVersion,
});
