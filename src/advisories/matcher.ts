import { normalizeName, versionScheme } from "../ecosystems/index.js";
import type { VersionScheme } from "../ecosystems/types.js";
import type { OsvAffected, OsvRecord } from "../model/osv.js";
import { ecosystemBase, ecosystemMatches } from "./ecosystem-match.js";
import { commitInRange, prepareRange, rangeIncludes } from "./range-evaluation.js";

/** A package version (and optionally the VCS commit it was built from) to look up advisories for. */
export interface AdvisoryQuery {
  /** OSV ecosystem, optionally with a release suffix ("PyPI", "Debian:12"). */
  ecosystem: string;
  name: string;
  /** May be "" when only `commit` is known. */
  version: string;
  commit?: string;
}

/** Why a record matched: the `affected` entries that include the queried version. */
export interface RecordEvaluation {
  affected: OsvAffected[];
  /**
   * A comparison was approximate: the queried version is not valid for the ecosystem's scheme (ordered by the
   * fallback), or a matching range holds a value the scheme cannot order (see PreparedRange).
   */
  approximate: boolean;
}

/** Whether an `affected` entry names the queried package (ecosystem with release rules, normalised name). */
export function entryNamesPackage(entry: OsvAffected, ecosystem: string, name: string): boolean {
  const pkg = entry?.package;
  if (!pkg || typeof pkg.ecosystem !== "string" || typeof pkg.name !== "string") return false;
  if (!ecosystemMatches(pkg.ecosystem, ecosystem)) return false;
  const base = ecosystemBase(ecosystem);
  return normalizeName(base, pkg.name) === normalizeName(base, name);
}

/**
 * Evaluates a record for a query exactly as the OSV specification says: an entry for the package matches
 * when the version is listed in `versions` or falls in ANY of its ranges (every range is evaluated, whatever
 * its type or position); GIT ranges are consulted only when a commit is queried. Withdrawn records never
 * match. Never throws, whatever the record holds.
 */
export function evaluateRecord(record: OsvRecord, q: AdvisoryQuery): RecordEvaluation {
  if (!record || typeof record !== "object" || record.withdrawn || !Array.isArray(record.affected))
    return { affected: [], approximate: false };
  return evaluateEntries(
    record.affected.filter((entry) => entryNamesPackage(entry, q.ecosystem, q.name)),
    q,
  );
}

/** A query's ordering and cleaned-up version and commit, computed once for many records. */
export interface PreparedQuery {
  scheme: VersionScheme;
  version: string;
  commit?: string;
  /** Whether the scheme accepts the version; computed on the first match only. */
  valid?: boolean;
}

/** Resolves a query's version scheme and trims its version and commit. */
export function prepareQuery(q: AdvisoryQuery): PreparedQuery {
  return {
    scheme: versionScheme(q.ecosystem),
    version: typeof q.version === "string" ? q.version.trim() : "",
    commit: typeof q.commit === "string" && q.commit.trim() !== "" ? q.commit : undefined,
  };
}

/**
 * evaluateRecord for entries already known to name the queried package (the database keeps them per
 * package, so a batch does not re-check names and ecosystems for every query).
 */
export function evaluateEntries(
  entries: OsvAffected[],
  q: AdvisoryQuery,
  prepared: PreparedQuery = prepareQuery(q),
): RecordEvaluation {
  const result: RecordEvaluation = { affected: [], approximate: false };
  const { scheme, version, commit } = prepared;
  for (const entry of entries) {
    let hit = false;
    let usedOrdering = false;
    let approximatedEvent = false;
    if (version !== "" && Array.isArray(entry.versions)) hit = listedVersions(entry).has(version);
    for (const range of Array.isArray(entry.ranges) ? entry.ranges : []) {
      if (hit) break;
      if (!range || typeof range !== "object") continue;
      if (range.type === "GIT") hit = commit !== undefined && commitInRange(range, commit);
      else if (version !== "") {
        usedOrdering = true;
        const ready = prepareRange(range, scheme);
        hit = rangeIncludes(ready, (value) => scheme.compare(version, value));
        approximatedEvent = hit && ready.approximated.length > 0;
      }
    }
    if (hit) {
      result.affected.push(entry);
      prepared.valid ??= scheme.isValid(version);
      if ((usedOrdering && !prepared.valid) || approximatedEvent) result.approximate = true;
    }
  }
  return result;
}

// `versions` lists hold the registry's exact strings (the specification compares with ==); a Set per
// entry, kept while the record is cached, makes the lookup constant-time for lists of hundreds.
const listCache = new WeakMap<OsvAffected, Set<unknown>>();

function listedVersions(entry: OsvAffected): Set<unknown> {
  let set = listCache.get(entry);
  if (!set) {
    set = new Set(entry.versions);
    listCache.set(entry, set);
  }
  return set;
}

/** Whether the package version in `q` is affected by `record` (see evaluateRecord). */
export function isAffected(record: OsvRecord, q: AdvisoryQuery): boolean {
  return evaluateRecord(record, q).affected.length > 0;
}

/**
 * The versions that fix `record` for a package: every `fixed` event of its SEMVER/ECOSYSTEM ranges,
 * deduplicated and sorted by the ecosystem's ordering. Empty when no fix is known.
 */
export function fixedVersions(record: OsvRecord, ecosystem: string, name: string): string[] {
  const found = new Set<string>();
  for (const entry of Array.isArray(record?.affected) ? record.affected : []) {
    if (!entryNamesPackage(entry, ecosystem, name)) continue;
    for (const range of Array.isArray(entry.ranges) ? entry.ranges : []) {
      if (range?.type === "GIT" || !Array.isArray(range?.events)) continue;
      for (const event of range.events) if (typeof event?.fixed === "string") found.add(event.fixed);
    }
  }
  const scheme = versionScheme(ecosystem);
  return [...found].sort((a, b) => scheme.compare(a, b));
}
