import type { Package } from "../../model/package.js";
import { newPackage, type PackageInput } from "../new-package.js";
import { purlFor } from "../purl.js";

/**
 * A package of the npm ecosystem, its purl computed by newPackage. An unresolved package (a declared range)
 * gets a purl without version: a range is no purl version and must not look like one.
 */
export function npmPackage(input: Omit<PackageInput, "ecosystem">): Package {
  const purl =
    input.resolved === false ? purlFor({ ecosystem: "npm", name: input.name, version: "" }) : undefined;
  return newPackage({ ecosystem: "npm", purl, ...input });
}

/**
 * A memoised purl maker for one extraction: lockfiles name the same package in many edges, and building a
 * purl (percent-encoding through packageurl-js) is the costliest step of reading a large lockfile.
 */
export function purlMaker(): (name: string, version: string) => string {
  const cache = new Map<string, string>();
  return (name, version) => {
    const key = `${name}@${version}`;
    let purl = cache.get(key);
    if (purl === undefined) {
      purl = purlFor({ ecosystem: "npm", name, version });
      cache.set(key, purl);
    }
    return purl;
  };
}

/** Groups in a stable order ("bundled", "dev", "optional", "peer"): output never depends on input order. */
export function sortedGroups(groups: Iterable<string>): string[] {
  return [...new Set(groups)].sort();
}

/** Keeps the first package of each name@version (+commit), merging the locations and groups of repeats. */
export function dedupePackages(packages: Package[]): Package[] {
  const byKey = new Map<string, Package>();
  for (const pkg of packages) {
    const key = `${pkg.name}@${pkg.version}#${pkg.commit ?? ""}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, pkg);
      continue;
    }
    seen.locations.push(...pkg.locations);
    seen.dependencies = [...new Set([...seen.dependencies, ...pkg.dependencies])];
    if (pkg.direct) seen.direct = true;
    if (pkg.hashes) seen.hashes = [...new Set([...(seen.hashes ?? []), ...pkg.hashes])];
    if (pkg.licenses) seen.licenses = [...new Set([...(seen.licenses ?? []), ...pkg.licenses])];
    // Production somewhere wins over dev/optional elsewhere (npm marks dev only when every path is dev).
    if (seen.groups.length === 0 || pkg.groups.length === 0) seen.groups = [];
    else seen.groups = sortedGroups([...seen.groups, ...pkg.groups]);
  }
  return [...byKey.values()];
}
