import { compareVersions, normalizeName } from "../ecosystems/index.js";
import type { Package, PackageRef } from "../model/package.js";

/** Packages visited at most per closure, so a huge graph stays fast (as the scan's path search does). */
const MAX_VISITED = 20_000;

/** A newer copy of a direct dependency, found in the inventory, whose dependencies bring the fix. */
export interface InventoryUpgrade {
  /** The newer version of the direct dependency. */
  version: string;
  /** The vulnerable package's version that copy resolves; undefined when it no longer depends on it. */
  resolves?: string;
}

/** The inventory's packages by purl and by (ecosystem, normalised name), built once per plan. */
export class InventoryIndex {
  private readonly byPurl = new Map<string, Package>();
  private readonly byName = new Map<string, Package[]>();

  constructor(packages: readonly Package[]) {
    for (const p of packages) {
      if (!p.resolved) continue;
      this.byPurl.set(p.purl, p);
      const key = nameKey(p);
      const list = this.byName.get(key);
      if (list) list.push(p);
      else this.byName.set(key, [p]);
    }
  }

  get(purl: string): Package | undefined {
    return this.byPurl.get(purl);
  }

  /** Every resolved copy of a package in the inventory, whatever its version. */
  copies(ref: Pick<PackageRef, "ecosystem" | "name">): readonly Package[] {
    return this.byName.get(nameKey(ref)) ?? [];
  }

  /** The versions of `target` that `root`'s dependencies resolve (breadth-first over the inventory's edges). */
  resolvedVersions(root: Package, target: Pick<PackageRef, "ecosystem" | "name">): string[] {
    const key = nameKey(target);
    const seen = new Set<string>([root.purl]);
    const queue = [...root.dependencies];
    const versions = new Set<string>();
    while (queue.length > 0 && seen.size < MAX_VISITED) {
      const purl = queue.shift() as string;
      if (seen.has(purl)) continue;
      seen.add(purl);
      const pkg = this.byPurl.get(purl);
      if (!pkg) continue;
      if (nameKey(pkg) === key) versions.add(pkg.version);
      else queue.push(...pkg.dependencies);
    }
    return [...versions];
  }
}

function nameKey(ref: Pick<PackageRef, "ecosystem" | "name">): string {
  return `${ref.ecosystem}\u0000${normalizeName(ref.ecosystem, ref.name)}`;
}

/**
 * The smallest version of the direct dependency `direct` above its own that the inventory also holds (a nested
 * copy, another lockfile) and whose dependencies resolve `vulnerable` only at versions `isFixed` accepts, or
 * not at all: the lockfile itself shows that this upgrade brings the fix. Undefined when it holds none.
 */
export function upgradeFromInventory(
  direct: Package,
  vulnerable: Pick<PackageRef, "ecosystem" | "name">,
  isFixed: (version: string) => boolean,
  index: InventoryIndex,
): InventoryUpgrade | undefined {
  const newer = index
    .copies(direct)
    .filter((p) => compareVersions(direct.ecosystem, p.version, direct.version) > 0)
    .sort((a, b) => compareVersions(direct.ecosystem, a.version, b.version));
  for (const candidate of newer) {
    const versions = index.resolvedVersions(candidate, vulnerable);
    if (!versions.every(isFixed)) continue;
    const resolves = versions.sort((a, b) => compareVersions(vulnerable.ecosystem, a, b))[0];
    return resolves === undefined ? { version: candidate.version } : { version: candidate.version, resolves };
  }
  return undefined;
}
