import type { VersionScheme } from "../ecosystems/types.js";
import type { OsvEvent, OsvRange } from "../model/osv.js";

export type EventKind = "introduced" | "fixed" | "last_affected" | "limit";

/** One event of a range: its kind and value. */
export interface Event {
  kind: EventKind;
  value: string;
}

// Sorting ties put "fixed" before "introduced": adjacent ranges written in one list, [0, X) and [X, Y)
// as `fixed: X` ... `introduced: X`, must cover X (PyPA's pyspark records PYSEC-2022-236 and PYSEC-2023-72
// are written so, and osv.dev's enumerated versions include X).
const TIE_ORDER: Record<EventKind, number> = { fixed: 0, last_affected: 1, introduced: 2, limit: 3 };

/** The kind and value of an event; the first key set wins for malformed events (validation reports those). */
function readEvent(event: OsvEvent | null | undefined): Event | undefined {
  if (!event || typeof event !== "object") return undefined;
  for (const kind of ["introduced", "fixed", "last_affected", "limit"] as const) {
    const value = event[kind];
    if (typeof value === "string") return { kind, value };
  }
  return undefined;
}

function eventsOf(range: OsvRange): Event[] {
  return Array.isArray(range.events)
    ? range.events.map(readEvent).filter((e): e is Event => e !== undefined)
    : [];
}

/**
 * A SEMVER or ECOSYSTEM range made ready for evaluation under one ordering: limits apart, the other events
 * sorted. Events whose value the ordering cannot place (a `fixed` of "7.0.36, 8.2.13", "not-a-version")
 * are approximated on the safe side, so that a malformed record reports instead of silently never
 * matching: such an `introduced` counts as "0"; such a `fixed`, `last_affected` or `limit` is read as the
 * highest version it lists when it is a list of orderable versions, and is otherwise left out (the range
 * stays open there). `approximated` lists those values.
 */
export interface PreparedRange {
  limits: Event[];
  timeline: Event[];
  approximated: string[];
}

/**
 * Whether a value cannot be placed on the scheme's ordering: not valid for the scheme, and sorted below the
 * lowest plain version. Version schemes order what they cannot parse before every version they can
 * (src/ecosystems/version-scheme.ts), so a value below "0.0.0" that is not valid was not parsed; invalid
 * values the scheme still parses leniently ("4.0" for npm, read as 4.0.0) are ordered normally.
 */
export function isUnorderable(value: string, scheme: VersionScheme): boolean {
  // the comparison first: it is cheaper than validation, and rules out nearly every real value
  return scheme.compare(value, "0.0.0") < 0 && !scheme.isValid(value);
}

/**
 * Whether the version that `compareTo` stands for falls in a prepared range, exactly as the OSV
 * specification's `IncludedInRanges` pseudocode: outside every `limit` (none = `*`) means unaffected;
 * otherwise walk the sorted events ("introduced: 0" lowest), turning on at `introduced` and off at `fixed`
 * (v >= fixed) or after `last_affected` (v > last_affected). `compareTo(value)` is the sign of comparing
 * the version with an event value; it is never asked about `*` limits or `introduced: "0"`.
 */
export function rangeIncludes(range: PreparedRange, compareTo: (value: string) => number): boolean {
  const { limits, timeline } = range;
  if (limits.length > 0 && !limits.some((e) => e.value.includes("*") || compareTo(e.value) < 0)) return false;
  let vulnerable = false;
  for (const e of timeline) {
    if (e.kind === "introduced") {
      if (e.value === "0" || compareTo(e.value) >= 0) vulnerable = true;
    } else if (e.kind === "fixed") {
      if (compareTo(e.value) >= 0) vulnerable = false;
    } else if (compareTo(e.value) > 0) vulnerable = false;
  }
  return vulnerable;
}

/**
 * Whether `version` falls in a SEMVER or ECOSYSTEM range (see rangeIncludes and PreparedRange). Versions are
 * compared only through `scheme`.
 */
export function versionInRange(range: OsvRange, version: string, scheme: VersionScheme): boolean {
  return rangeIncludes(prepareRange(range, scheme), (value) => scheme.compare(version, value));
}

// Records are cached per process, so each range is prepared once per ordering, not once per query. An entry
// is reused only while the range still holds the same events array of the same length (records are treated
// as immutable once evaluated; replacing or extending `events` is noticed).
interface Cached extends PreparedRange {
  source: unknown;
  length: number;
}
const preparedCache = new WeakMap<OsvRange, Map<VersionScheme, Cached>>();

/** The range prepared for `scheme` (cached per range object and scheme). */
export function prepareRange(range: OsvRange, scheme: VersionScheme): PreparedRange {
  let perScheme = preparedCache.get(range);
  let hit = perScheme?.get(scheme);
  const length = Array.isArray(range.events) ? range.events.length : -1;
  if (hit && hit.source === range.events && hit.length === length) return hit;
  const approximated: string[] = [];
  const events: Event[] = [];
  for (const e of eventsOf(range)) {
    const special =
      (e.kind === "introduced" && e.value === "0") || (e.kind === "limit" && e.value.includes("*"));
    if (special || !isUnorderable(e.value, scheme)) events.push(e);
    else {
      approximated.push(e.value);
      if (e.kind === "introduced") events.push({ kind: "introduced", value: "0" });
      else {
        // A list jammed into one value ("7.0.36, 8.2.13", real GHSA data) ends the range at its highest
        // version: still the safe side, without flagging every later release.
        const highest = highestListedVersion(e.value, scheme);
        if (highest !== undefined) events.push({ kind: e.kind, value: highest });
      }
    }
  }
  hit = {
    source: range.events,
    length,
    limits: events.filter((e) => e.kind === "limit"),
    timeline: events.filter((e) => e.kind !== "limit").sort((a, b) => compareEvents(a, b, scheme)),
    approximated,
  };
  if (!perScheme) {
    perScheme = new Map();
    preparedCache.set(range, perScheme);
  }
  perScheme.set(scheme, hit);
  return hit;
}

/** The highest of the versions a value lists ("7.0.36, 8.2.13"), when every part is orderable. */
function highestListedVersion(value: string, scheme: VersionScheme): string | undefined {
  const parts = value.split(/[\s,;]+/).filter(Boolean);
  if (parts.length < 2 || parts.some((p) => isUnorderable(p, scheme))) return undefined;
  return parts.reduce((a, b) => (scheme.compare(a, b) >= 0 ? a : b));
}

function compareEvents(a: Event, b: Event, scheme: VersionScheme): number {
  const aZero = a.kind === "introduced" && a.value === "0";
  const bZero = b.kind === "introduced" && b.value === "0";
  const c = aZero || bZero ? Number(bZero) - Number(aZero) : scheme.compare(a.value, b.value);
  return c !== 0 ? c : TIE_ORDER[a.kind] - TIE_ORDER[b.kind];
}

/**
 * Whether a commit is affected by a GIT range, without the repository's history: Bulwark cannot walk
 * ancestry offline, so a commit counts as affected when it IS an `introduced` or `last_affected` commit of
 * the range and is not also one of its `fixed`/`limit` commits. Commits between those points are not
 * detected (a documented false negative); `introduced: "0"` alone never matches. Full and abbreviated
 * hashes compare by prefix (at least 7 hex digits), case-insensitively.
 */
export function commitInRange(range: OsvRange, commit: string): boolean {
  const wanted = commit.trim().toLowerCase();
  if (!/^[0-9a-f]{7,64}$/.test(wanted)) return false;
  const same = (value: string) => {
    const v = value.trim().toLowerCase();
    return v !== "0" && v.length >= 7 && (v.startsWith(wanted) || wanted.startsWith(v));
  };
  const events = eventsOf(range);
  const ends = events.some((e) => (e.kind === "fixed" || e.kind === "limit") && same(e.value));
  return (
    !ends && events.some((e) => (e.kind === "introduced" || e.kind === "last_affected") && same(e.value))
  );
}
