import type { InventoryJson } from "../inventory/json.js";
import type { PortfolioStore, SnapshotInfo, StoredFinding } from "../store/portfolio/ports.js";
import { decodeSnapshotContent } from "../store/portfolio/snapshot-content.js";

/** A component as a diff shows it. */
export interface DiffComponent {
  purl: string;
  ecosystem: string;
  name: string;
  version: string;
}

/** What changed between two snapshots of one project version. */
export interface SnapshotDiff {
  from: SnapshotInfo;
  to: SnapshotInfo;
  components: {
    added: DiffComponent[];
    removed: DiffComponent[];
    /** Same package, another version. */
    changed: { ecosystem: string; name: string; from: string; to: string }[];
  };
  findings: { new: StoredFinding[]; fixed: StoredFinding[] };
}

/**
 * The difference between two snapshots of a project version: components added, removed and changed (by
 * ecosystem and name), and the findings first detected or fixed by the uploads after `from` up to `to`.
 * Reads only the two snapshots and the version's findings.
 */
export async function diffSnapshots(
  store: PortfolioStore,
  from: SnapshotInfo,
  to: SnapshotInfo,
): Promise<SnapshotDiff> {
  const [a, b] = await Promise.all([packagesOf(store, from.id), packagesOf(store, to.id)]);
  const key = (p: DiffComponent) => `${p.ecosystem}\u0000${p.name}`;
  const group = (list: DiffComponent[]) => {
    const map = new Map<string, DiffComponent[]>();
    for (const p of list) map.set(key(p), [...(map.get(key(p)) ?? []), p]);
    return map;
  };
  const before = group(a);
  const after = group(b);
  const purlsBefore = new Set(a.map((p) => p.purl));
  const purlsAfter = new Set(b.map((p) => p.purl));
  const changed: SnapshotDiff["components"]["changed"] = [];
  const changedKeys = new Set<string>();
  for (const [k, now] of after) {
    const was = before.get(k);
    // one version replaced by another: a change, not an addition and a removal
    if (was?.length === 1 && now.length === 1 && was[0]!.version !== now[0]!.version) {
      changed.push({
        ecosystem: now[0]!.ecosystem,
        name: now[0]!.name,
        from: was[0]!.version,
        to: now[0]!.version,
      });
      changedKeys.add(k);
    }
  }
  const findings = await store.findings.forProjectVersion(to.projectId, to.version);
  const between = (id: number | undefined) => id !== undefined && id > from.id && id <= to.id;
  return {
    from,
    to,
    components: {
      added: b.filter((p) => !purlsBefore.has(p.purl) && !changedKeys.has(key(p))),
      removed: a.filter((p) => !purlsAfter.has(p.purl) && !changedKeys.has(key(p))),
      changed,
    },
    findings: {
      new: findings.filter((f) => between(f.detectedSnapshotId)),
      fixed: findings.filter((f) => between(f.fixedSnapshotId)),
    },
  };
}

async function packagesOf(store: PortfolioStore, snapshotId: number): Promise<DiffComponent[]> {
  const content = await store.snapshots.content(snapshotId);
  if (!content) return [];
  const doc = (await decodeSnapshotContent(content)) as InventoryJson;
  return doc.packages.map((p) => ({
    purl: p.purl,
    ecosystem: p.ecosystem,
    name: p.name,
    version: p.version,
  }));
}
