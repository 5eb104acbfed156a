import type { Package } from "../../model/package.js";

/** A direct dependency of the project and the group its declaration puts it in ("" = production). */
export interface Root {
  purl: string;
  group: "" | "dev" | "optional" | "peer";
}

/**
 * Groups from the dependency graph, for formats that record only the project's declarations (pnpm v9,
 * bun.lock, yarn.lock with its package.json): a package reachable from a production dependency is
 * production; otherwise it takes the groups of the declarations it is reachable from (dev only -> ["dev"]).
 * Packages no declaration reaches keep the groups they have. Mutates and returns `packages`.
 */
export function groupsFromRoots(packages: Package[], roots: Root[]): Package[] {
  const byPurl = new Map<string, Package[]>();
  for (const p of packages) byPurl.set(p.purl, [...(byPurl.get(p.purl) ?? []), p]);
  const reached = new Map<string, Set<string>>();
  for (const group of ["", "dev", "optional", "peer"] as const) {
    const queue = roots.filter((r) => r.group === group).map((r) => r.purl);
    const seen = new Set<string>();
    while (queue.length > 0) {
      const purl = queue.pop()!;
      if (seen.has(purl)) continue;
      seen.add(purl);
      const groups = reached.get(purl) ?? new Set<string>();
      groups.add(group);
      reached.set(purl, groups);
      for (const p of byPurl.get(purl) ?? []) queue.push(...p.dependencies);
    }
  }
  for (const p of packages) {
    const groups = reached.get(p.purl);
    if (!groups) continue;
    p.groups = groups.has("") ? [] : [...groups].sort();
  }
  return packages;
}
