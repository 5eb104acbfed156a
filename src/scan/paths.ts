import type { Package } from "../model/package.js";

/** Paths kept per package: enough to show how it arrives, few enough to read. */
export const MAX_PATHS = 3;
/** Nodes one search may visit: bounds the work on huge graphs (the paths found so far are kept). */
export const MAX_VISITS = 20_000;

/**
 * The inventory's dependency graph, searched backwards from a package to the direct dependencies that pull
 * it in. Built once per scan; each search touches only the package's ancestors.
 */
export class DependencyGraph {
  private readonly dependents = new Map<string, string[]>();
  private readonly direct = new Set<string>();

  constructor(packages: readonly Package[]) {
    for (const pkg of packages) {
      if (pkg.direct) this.direct.add(pkg.purl);
      for (const dep of pkg.dependencies) {
        let list = this.dependents.get(dep);
        if (!list) {
          list = [];
          this.dependents.set(dep, list);
        }
        list.push(pkg.purl);
      }
    }
  }

  /** Whether the project declares the package itself. */
  isDirect(purl: string): boolean {
    return this.direct.has(purl);
  }

  /**
   * Up to `max` dependency paths (purls, from a direct dependency to `purl`), shortest first, one per direct
   * dependency it arrives through. A direct package's own path is `[purl]`. Empty when the graph records no
   * way in (formats without edges, or a package only reachable from non-direct roots).
   */
  pathsTo(purl: string, max = MAX_PATHS): string[][] {
    const paths: string[][] = [];
    // next[x] = the neighbour of x one step closer to the target.
    const next = new Map<string, string | null>([[purl, null]]);
    let frontier = [purl];
    let visits = 0;
    while (frontier.length > 0 && paths.length < max && visits < MAX_VISITS) {
      const following: string[] = [];
      for (const node of frontier) {
        if (this.direct.has(node)) {
          paths.push(this.walkDown(node, next));
          if (paths.length >= max) break;
        }
        for (const parent of this.dependents.get(node) ?? []) {
          if (next.has(parent)) continue;
          next.set(parent, node);
          following.push(parent);
          if (++visits >= MAX_VISITS) break;
        }
      }
      frontier = following;
    }
    return paths;
  }

  private walkDown(from: string, next: Map<string, string | null>): string[] {
    const path = [from];
    for (let at = next.get(from); at; at = next.get(at)) path.push(at);
    return path;
  }
}
