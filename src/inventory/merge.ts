import { compareVersions } from "../ecosystems/index.js";
import type { Package, SourceLocation } from "../model/package.js";

/**
 * Merges packages found in several files (or several times in one file) into one entry per package URL (and
 * git commit; unresolved ranges by ecosystem, name and range):
 * all locations, the union of dependency edges, hashes and licences; `direct` when any source says so.
 * Groups: a package that is a production dependency anywhere (no groups) stays production; otherwise the
 * union of its groups (dev in one place and optional in another = both), as npm computes `dev` flags.
 * The result is sorted by ecosystem, name and version (the ecosystem's ordering), then purl.
 */
export function mergePackages(found: Iterable<Package>): Package[] {
  const byKey = new Map<string, Package>();
  for (const pkg of found) {
    // Unresolved packages (declared ranges) have purls without version: key them by their range too.
    const key =
      pkg.purl && pkg.resolved
        ? `${pkg.purl}\u0000${pkg.commit ?? ""}`
        : `${pkg.ecosystem}\u0000${pkg.name}\u0000${pkg.version}\u0000${pkg.resolved}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, clonePackage(pkg));
    else mergeInto(seen, pkg);
  }
  const merged = [...byKey.values()];
  for (const pkg of merged) {
    pkg.locations = uniqueLocations(pkg.locations);
    pkg.dependencies = [...new Set(pkg.dependencies)].sort();
    pkg.groups = [...new Set(pkg.groups)].sort();
    if (pkg.hashes) pkg.hashes = [...new Set(pkg.hashes)].sort();
    if (pkg.licenses) pkg.licenses = [...new Set(pkg.licenses)];
  }
  return merged.sort(comparePackages);
}

/** Sort order of inventory output: ecosystem, name, version (ecosystem ordering), purl. */
export function comparePackages(a: Package, b: Package): number {
  return (
    compareText(a.ecosystem, b.ecosystem) ||
    compareText(a.name, b.name) ||
    compareVersions(a.ecosystem, a.version, b.version) ||
    compareText(a.version, b.version) ||
    compareText(a.purl, b.purl)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function clonePackage(pkg: Package): Package {
  return {
    ...pkg,
    groups: [...pkg.groups],
    locations: [...pkg.locations],
    dependencies: [...pkg.dependencies],
    hashes: pkg.hashes ? [...pkg.hashes] : undefined,
    licenses: pkg.licenses ? [...pkg.licenses] : undefined,
  };
}

function mergeInto(into: Package, other: Package): void {
  into.locations.push(...other.locations);
  into.dependencies.push(...other.dependencies);
  if (into.groups.length === 0 || other.groups.length === 0) into.groups = [];
  else into.groups.push(...other.groups);
  if (other.direct === true) into.direct = true;
  else if (other.direct === false && into.direct === undefined) into.direct = false;
  into.resolved = into.resolved || other.resolved;
  if (other.hashes) into.hashes = [...(into.hashes ?? []), ...other.hashes];
  if (other.licenses) into.licenses = [...(into.licenses ?? []), ...other.licenses];
  into.commit ??= other.commit;
}

function uniqueLocations(locations: SourceLocation[]): SourceLocation[] {
  const seen = new Set<string>();
  const out: SourceLocation[] = [];
  for (const loc of locations) {
    const key = `${loc.path}\u0000${loc.line ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(loc);
  }
  return out.sort((a, b) => compareText(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0));
}
