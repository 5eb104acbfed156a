import { compareGeneric } from "./generic-version.js";
import type { VersionScheme } from "./types.js";

/**
 * Longest version string a scheme will parse. Longer strings (no real version comes close) are treated as
 * unparsable, which bounds the work any comparison can do.
 */
export const MAX_VERSION_LENGTH = 1024;

/** How many parsed versions each scheme keeps; the cache is emptied when full (bounded memory, no bookkeeping). */
const PARSE_CACHE_SIZE = 10_000;
const UNPARSABLE: unique symbol = Symbol("unparsable");

/** What one ecosystem contributes: a parser and a comparison of parsed versions. */
export interface SchemeDefinition<T> {
  /** The ecosystem's parse, or undefined when the string is not a version its tooling can order. */
  parse(version: string): T | undefined;
  /**
   * Negative, zero or positive, as the ecosystem's own tooling orders the two parsed versions. Must not
   * modify them: parses are cached.
   */
  compare(a: T, b: T): number;
  /**
   * Whether the ecosystem's tooling accepts the string as a well-formed version. Defaults to "parse
   * succeeds"; schemes whose parser is deliberately lenient (so that near-misses such as `1.2` in npm still
   * order sensibly) supply the stricter rule here.
   */
  isValid?(version: string): boolean;
}

/**
 * Builds a VersionScheme that never throws and keeps the ordering total:
 *
 * - two parsable versions are ordered by the ecosystem's comparison;
 * - two unparsable versions are ordered by `compareGeneric` (see generic-version.ts);
 * - an unparsable version sorts before every parsable one (as pip's LegacyVersion and Go's
 *   `semver.Compare` do), so the three cases together form one consistent order.
 */
export function defineVersionScheme<T>(definition: SchemeDefinition<T>): VersionScheme {
  // Matching and sorting compare the same few versions over and over: parsing each once pays for itself.
  const cache = new Map<string, T | typeof UNPARSABLE>();
  const parse = (version: string): T | undefined => {
    if (typeof version !== "string" || version.length > MAX_VERSION_LENGTH) return undefined;
    let parsed = cache.get(version);
    if (parsed === undefined) {
      try {
        parsed = definition.parse(version) ?? UNPARSABLE;
      } catch {
        parsed = UNPARSABLE;
      }
      if (cache.size >= PARSE_CACHE_SIZE) cache.clear();
      cache.set(version, parsed);
    }
    return parsed === UNPARSABLE ? undefined : (parsed as T);
  };
  const isValid = definition.isValid;
  return {
    compare(a: string, b: string): number {
      if (a === b) return 0;
      const pa = parse(a);
      const pb = parse(b);
      if (pa === undefined || pb === undefined) {
        if (pa !== undefined) return 1;
        if (pb !== undefined) return -1;
        return compareGeneric(String(a), String(b));
      }
      try {
        return Math.sign(definition.compare(pa, pb)) || 0;
      } catch {
        // A comparison bug must not abort a scan; the generic order is the best remaining answer.
        return compareGeneric(a, b);
      }
    },
    isValid(version: string): boolean {
      if (parse(version) === undefined) return false;
      try {
        return isValid === undefined ? true : isValid(version);
      } catch {
        return false;
      }
    },
  };
}
