import { versionScheme } from "../ecosystems/index.js";
import type { VersionScheme } from "../ecosystems/types.js";
import type { OsvAffected } from "../model/osv.js";
import { LruCache } from "./lru-cache.js";
import { type AdvisoryQuery, evaluateEntries, type PreparedQuery, prepareQuery } from "./matcher.js";
import { type PreparedRange, prepareRange, rangeIncludes } from "./range-evaluation.js";

/** A record indexed under a package, with its `affected` entries that name the package. */
export interface MatchCandidate {
  id: string;
  modified: string;
  /** The entries naming the package, with their position in the record's `affected`. */
  entries: { index: number; entry: OsvAffected }[];
}

/** A candidate that affects the queried version: which of its `entries` (positions in `entries`), and how. */
export interface PackageHit {
  candidate: MatchCandidate;
  entries: number[];
  approximate: boolean;
}

/** One entry of one candidate, flattened. */
interface FlatEntry {
  candidate: number;
  entry: number;
  /** Its SEMVER/ECOSYSTEM ranges, prepared, in order (GIT ranges only count for commit queries). */
  ranges: PreparedRange[];
}

/** The slot structure of a package (see PackageMatcher). */
interface Slots {
  flat: FlatEntry[];
  /** Exact version string -> flat entries whose `versions` list holds it. */
  listed: Map<string, number[]>;
  /** One value per group, ascending. */
  groups: string[];
  groupOf: Map<string, number>;
  /** Slot -> the flat entries it hits, encoded as 2 * index + (1 when an approximated event was used). */
  hits: Map<number, number[]>;
  /** 2 * slot + (1 for a valid version) -> the answer for versions of that slot listed nowhere. */
  answers: Map<number, readonly PackageHit[]>;
}

/** Queries of a package answered directly before its slots are built: one-off lookups never pay for them. */
const DIRECT_QUERIES = 1;

/**
 * Answers remembered per exact version string (least recently used forgotten first): a batch or a fleet asks
 * for the same few versions of a package again and again, and a remembered answer costs one map lookup instead
 * of a binary search whose every step parses two versions. Bounded, and dropped with the matcher.
 */
const VERSION_MEMO = 256;

const NO_HITS: readonly PackageHit[] = Object.freeze([]);

/**
 * Every record of one package, prepared so that a query costs a binary search, not an evaluation of every
 * range. Matching the same package again and again is what a batch, a fleet's monitoring and a scan of many
 * projects do; heavy packages (Go's stdlib, Mattermost, TensorFlow) have hundreds of records.
 *
 * How: all the event values of the package's ranges are sorted once by the ecosystem's ordering and grouped
 * (values the ordering says are equal form one group). A version then falls either ON a group or BETWEEN
 * two neighbouring groups: 2G+1 "slots". Every range gives the same answer for every version of a slot,
 * because rangeIncludes only asks how the version compares with event values, and that is fixed by the slot.
 * So each slot is evaluated once (on first use, with rangeIncludes itself) and remembered; a query finds its
 * slot with a binary search. `versions` lists are exact strings, looked up in one map. The first query of a
 * package, queries with a commit (GIT ranges) and queries without a version take the direct path
 * (evaluateEntries). Both paths give the same answers (package-matcher.test.ts checks every corpus package);
 * that relies on the version schemes being total orders, which src/ecosystems guarantees.
 */
export class PackageMatcher {
  private readonly scheme: VersionScheme;
  /** Each candidate's entries alone (what evaluateEntries takes). */
  private readonly entryLists: OsvAffected[][];
  private queries = 0;
  private prepared?: Slots;
  private readonly byVersion = new LruCache<string, readonly PackageHit[]>(VERSION_MEMO);

  constructor(
    readonly candidates: readonly MatchCandidate[],
    readonly ecosystem: string,
  ) {
    this.scheme = versionScheme(ecosystem);
    this.entryLists = candidates.map((c) => c.entries.map((e) => e.entry));
  }

  /**
   * The candidates affecting the queried version, in candidate order, each with the entries that match. The
   * array may be shared with later answers (it is cached per slot): do not modify it.
   */
  match(q: AdvisoryQuery): readonly PackageHit[] {
    if (this.candidates.length === 0) return NO_HITS;
    const prepared = prepareQuery(q);
    if (prepared.commit !== undefined || prepared.version === "" || this.queries++ < DIRECT_QUERIES)
      return this.direct(q, prepared);
    const remembered = this.byVersion.get(prepared.version);
    if (remembered) return remembered;
    const answer = this.slotted(prepared);
    this.byVersion.set(prepared.version, answer);
    return answer;
  }

  /** The answer through the slots (see the class comment). */
  private slotted(prepared: PreparedQuery): readonly PackageHit[] {
    this.prepared ??= this.prepare();
    const slots = this.prepared;
    const { version, scheme } = prepared;
    const slot = this.slotOf(slots, version);
    const listed = slots.listed.get(version);
    // the common case: the answer of the version's slot, cached (valid and invalid versions apart)
    if (!listed) {
      if (this.slotHits(slots, slot).length === 0) return NO_HITS;
      return this.answer(slots, slot, scheme.isValid(version));
    }
    const hits = new Map<number, boolean>(); // flat index -> approximate
    let valid: boolean | undefined;
    for (const code of this.slotHits(slots, slot)) {
      valid ??= scheme.isValid(version);
      hits.set(code >> 1, (code & 1) === 1 || !valid);
    }
    for (const f of listed) hits.set(f, false); // a listed version needs no ordering
    return this.group(
      slots,
      [...hits].sort((a, b) => a[0] - b[0]),
    );
  }

  private prepare(): Slots {
    const slots: Slots = {
      flat: [],
      listed: new Map(),
      groups: [],
      groupOf: new Map(),
      hits: new Map(),
      answers: new Map(),
    };
    const values = new Set<string>();
    this.candidates.forEach((candidate, c) => {
      candidate.entries.forEach(({ entry }, e) => {
        const f = slots.flat.length;
        const ranges: PreparedRange[] = [];
        for (const range of Array.isArray(entry.ranges) ? entry.ranges : []) {
          if (!range || typeof range !== "object" || range.type === "GIT") continue;
          const ready = prepareRange(range, this.scheme);
          for (const ev of ready.limits) values.add(ev.value);
          for (const ev of ready.timeline) values.add(ev.value);
          ranges.push(ready);
        }
        slots.flat.push({ candidate: c, entry: e, ranges });
        if (Array.isArray(entry.versions))
          for (const v of new Set(entry.versions)) {
            if (typeof v !== "string") continue;
            const list = slots.listed.get(v);
            if (list) list.push(f);
            else slots.listed.set(v, [f]);
          }
      });
    });
    for (const value of [...values].sort((a, b) => this.scheme.compare(a, b))) {
      const last = slots.groups[slots.groups.length - 1];
      if (last === undefined || this.scheme.compare(last, value) !== 0) slots.groups.push(value);
      slots.groupOf.set(value, slots.groups.length - 1);
    }
    return slots;
  }

  /** The hits of a slot as PackageHits, for a valid or an invalid version (cached). */
  private answer(slots: Slots, slot: number, valid: boolean): readonly PackageHit[] {
    const key = 2 * slot + (valid ? 1 : 0);
    let found = slots.answers.get(key);
    if (!found) {
      found = this.group(
        slots,
        this.slotHits(slots, slot).map((code) => [code >> 1, (code & 1) === 1 || !valid]),
      );
      slots.answers.set(key, found);
    }
    return found;
  }

  /** Flat hits (index, approximate), in flat order, grouped by candidate. */
  private group(slots: Slots, hits: [number, boolean][]): PackageHit[] {
    const out: PackageHit[] = [];
    let last: PackageHit | undefined;
    for (const [f, approximate] of hits) {
      const { candidate, entry } = slots.flat[f]!;
      if (last?.candidate !== this.candidates[candidate]) {
        last = { candidate: this.candidates[candidate]!, entries: [], approximate: false };
        out.push(last);
      }
      last.entries.push(entry);
      if (approximate) last.approximate = true;
    }
    return out;
  }

  /** Slot of a version: 2g+1 when it equals group g, 2g when it lies between groups g-1 and g. */
  private slotOf(slots: Slots, version: string): number {
    const { groups } = slots;
    let lo = 0;
    let hi = groups.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.scheme.compare(version, groups[mid]!) > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < groups.length && this.scheme.compare(version, groups[lo]!) === 0 ? 2 * lo + 1 : 2 * lo;
  }

  private slotHits(slots: Slots, slot: number): number[] {
    let codes = slots.hits.get(slot);
    if (codes) return codes;
    const found: number[] = [];
    const compareTo = (value: string) => Math.sign(slot - (2 * slots.groupOf.get(value)! + 1));
    slots.flat.forEach((flat, f) => {
      for (const range of flat.ranges)
        if (rangeIncludes(range, compareTo)) {
          found.push(2 * f + (range.approximated.length > 0 ? 1 : 0));
          return;
        }
    });
    codes = found;
    slots.hits.set(slot, codes);
    return codes;
  }

  private direct(q: AdvisoryQuery, prepared: PreparedQuery): readonly PackageHit[] {
    const out: PackageHit[] = [];
    this.candidates.forEach((candidate, c) => {
      const entries = this.entryLists[c]!;
      const evaluation = evaluateEntries(entries, q, prepared);
      if (evaluation.affected.length === 0) return;
      out.push({
        candidate,
        entries: evaluation.affected.map((a) => entries.indexOf(a)),
        approximate: evaluation.approximate,
      });
    });
    return out;
  }
}
