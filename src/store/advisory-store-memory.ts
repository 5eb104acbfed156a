import type {
  AdvisoryStorage,
  EcosystemMeta,
  IndexEntry,
  IsNewer,
  PutOutcome,
  StorageCounts,
  StoredRecord,
} from "./advisory-store.js";

const key = (ecosystem: string, name: string) => `${ecosystem}\u0000${name}`;
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The advisory storage in memory: for tests, for a server's ephemeral instance and as the reference the
 * contract suite holds the other implementations to. A write stages its changes and applies them only when
 * every record went through, so a failing write changes nothing.
 */
export function createMemoryAdvisoryStorage(): AdvisoryStorage {
  return new MemoryAdvisoryStorage();
}

interface State {
  records: Map<string, StoredRecord>;
  /** (ecosystem, name) -> ids of the records naming it. */
  packages: Map<string, Set<string>>;
  /** alias -> ids of the records naming it. */
  aliases: Map<string, Set<string>>;
  newest: Map<string, string>;
  meta: Map<string, EcosystemMeta>;
}

class MemoryAdvisoryStorage implements AdvisoryStorage {
  readonly location = "memory";
  private state: State = {
    records: new Map(),
    packages: new Map(),
    aliases: new Map(),
    newest: new Map(),
    meta: new Map(),
  };
  private closed = false;

  async matchRows(ecosystem: string, name: string): Promise<{ id: string; matchJson: string }[]> {
    return this.idsOf(ecosystem, name).map((id) => ({
      id,
      matchJson: this.state.records.get(id)!.matchJson,
    }));
  }

  async packageRecordIds(ecosystem: string, name: string): Promise<string[]> {
    return this.idsOf(ecosystem, name);
  }

  async recordJson(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of ids) {
      const record = this.state.records.get(id);
      if (record) out.set(id, record.json);
    }
    return out;
  }

  async idsNamingAlias(alias: string): Promise<string[]> {
    return [...(this.state.aliases.get(alias) ?? [])].sort(byString);
  }

  async isEmpty(): Promise<boolean> {
    return this.state.records.size === 0;
  }

  async counts(): Promise<StorageCounts> {
    const perEcosystem = new Map<string, Set<string>>();
    for (const [k, ids] of this.state.packages) {
      const ecosystem = k.slice(0, k.indexOf("\u0000"));
      const set = perEcosystem.get(ecosystem) ?? new Set<string>();
      for (const id of ids) set.add(id);
      perEcosystem.set(ecosystem, set);
    }
    let withdrawn = 0;
    for (const r of this.state.records.values()) if (r.withdrawn) withdrawn++;
    return {
      records: this.state.records.size,
      withdrawn,
      perEcosystem: [...perEcosystem]
        .sort(([a], [b]) => byString(a, b))
        .map(([ecosystem, ids]) => {
          const newestModified = this.state.newest.get(ecosystem);
          return { ecosystem, records: ids.size, ...(newestModified ? { newestModified } : {}) };
        }),
    };
  }

  async meta(): Promise<EcosystemMeta[]> {
    return [...this.state.meta.values()]
      .sort((a, b) => byString(a.ecosystem, b.ecosystem))
      .map((m) => ({ ...m }));
  }

  async sizeBytes(): Promise<number | undefined> {
    return undefined;
  }

  async check(): Promise<string[]> {
    return [];
  }

  async write(
    records: readonly StoredRecord[],
    meta: readonly EcosystemMeta[],
    isNewer: IsNewer,
  ): Promise<PutOutcome[]> {
    const next = this.copy();
    const outcomes: PutOutcome[] = [];
    for (const record of records) {
      const stored = next.records.get(record.id);
      if (stored && !isNewer(record.modified, stored.modified)) {
        outcomes.push({ outcome: "skipped" });
        continue;
      }
      let previous: IndexEntry[] = [];
      if (stored) {
        previous = distinct(stored.packages);
        unlink(next, stored);
      }
      const copy: StoredRecord = {
        ...record,
        packages: distinct(record.packages),
        aliases: record.aliases.map((a) => ({ ...a })),
      };
      next.records.set(record.id, copy);
      for (const e of copy.packages) {
        addTo(next.packages, key(e.ecosystem, e.name), record.id);
        const newest = next.newest.get(e.ecosystem);
        if (newest === undefined || isNewer(record.modified, newest))
          next.newest.set(e.ecosystem, record.modified);
      }
      for (const a of copy.aliases) addTo(next.aliases, a.alias, record.id);
      outcomes.push(stored ? { outcome: "replaced", previous } : { outcome: "imported" });
    }
    for (const m of meta) {
      const old = next.meta.get(m.ecosystem);
      const watermark = m.watermark ?? old?.watermark;
      next.meta.set(m.ecosystem, {
        ecosystem: m.ecosystem,
        lastUpdate: m.lastUpdate,
        source: m.source,
        ...(watermark ? { watermark } : {}),
      });
    }
    this.state = next;
    return outcomes;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private idsOf(ecosystem: string, name: string): string[] {
    if (this.closed) throw new Error("the memory advisory storage is closed");
    return [...(this.state.packages.get(key(ecosystem, name)) ?? [])].sort(byString);
  }

  /** A copy of the indexes to stage a write on (rows themselves are replaced, never modified). */
  private copy(): State {
    const cloneSets = (m: Map<string, Set<string>>) => new Map([...m].map(([k, v]) => [k, new Set(v)]));
    return {
      records: new Map(this.state.records),
      packages: cloneSets(this.state.packages),
      aliases: cloneSets(this.state.aliases),
      newest: new Map(this.state.newest),
      meta: new Map(this.state.meta),
    };
  }
}

function distinct(entries: readonly IndexEntry[]): IndexEntry[] {
  const seen = new Map<string, IndexEntry>();
  for (const e of entries) seen.set(`${e.ecosystem}\u0000${e.name}\u0000${e.suffix}`, { ...e });
  return [...seen.values()].sort(
    (a, b) => byString(a.ecosystem, b.ecosystem) || byString(a.name, b.name) || byString(a.suffix, b.suffix),
  );
}

function addTo(map: Map<string, Set<string>>, k: string, id: string): void {
  const set = map.get(k);
  if (set) set.add(id);
  else map.set(k, new Set([id]));
}

function unlink(state: State, record: StoredRecord): void {
  for (const e of record.packages) {
    const k = key(e.ecosystem, e.name);
    state.packages.get(k)?.delete(record.id);
    if (state.packages.get(k)?.size === 0) state.packages.delete(k);
  }
  for (const a of record.aliases) {
    state.aliases.get(a.alias)?.delete(record.id);
    if (state.aliases.get(a.alias)?.size === 0) state.aliases.delete(a.alias);
  }
  state.records.delete(record.id);
}
