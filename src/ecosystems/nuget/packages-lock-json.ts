import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { newPackage } from "../new-package.js";
import { isRecord, parseJsonText, requireRecord, stringField } from "../parse-text.js";
import { purlFor } from "../purl.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { PACKAGES_LOCK_JSON_FORMAT } from "./extractors.js";

const ECOSYSTEM = "NuGet";

/**
 * NuGet `packages.lock.json`: per target framework, every package with its type (Direct, Transitive,
 * CentralTransitive, Project) and the ids it depends on. Packages are merged across frameworks; "Project"
 * entries are other projects of the solution, not NuGet packages, and are not reported.
 */
export const packagesLockJsonExtractor: SyncExtractor = {
  ...PACKAGES_LOCK_JSON_FORMAT,
  extract: extractPackagesLock,
};

function extractPackagesLock({ path, text }: ExtractInput): ExtractResult {
  const doc = requireRecord(path, parseJsonText(path, text), "NuGet packages.lock.json");
  const frameworks = doc.dependencies;
  if (!isRecord(frameworks)) {
    throw new ExtractError(`${path}: no "dependencies" object: not a NuGet packages.lock.json`);
  }
  const byKey = new Map<string, Package>();
  for (const entries of Object.values(frameworks)) {
    if (!isRecord(entries)) continue;
    for (const [name, entry] of Object.entries(entries)) {
      if (!isRecord(entry) || entry.type === "Project") continue;
      const version = stringField(entry, "resolved");
      if (!version) continue;
      const key = `${name.toLowerCase()}@${version}`;
      const pkg =
        byKey.get(key) ??
        newPackage({ ecosystem: ECOSYSTEM, name, version, direct: false, locations: [{ path }] });
      byKey.set(key, pkg);
      if (entry.type === "Direct") pkg.direct = true;
      const hash = stringField(entry, "contentHash");
      if (hash && !pkg.hashes?.includes(`sha512-${hash}`))
        pkg.hashes = [...(pkg.hashes ?? []), `sha512-${hash}`];
      addEdges(pkg, entry.dependencies, entries);
    }
  }
  return { packages: [...byKey.values()] };
}

/** Edges name ids with a minimum version; the edge points at the version resolved in the same framework. */
function addEdges(pkg: Package, dependencies: unknown, framework: Record<string, unknown>): void {
  if (!isRecord(dependencies)) return;
  for (const [name, requested] of Object.entries(dependencies)) {
    const target = framework[name];
    const version = (isRecord(target) && stringField(target, "resolved")) || String(requested);
    const purl = purlFor({ ecosystem: ECOSYSTEM, name, version });
    if (purl && !pkg.dependencies.includes(purl)) pkg.dependencies.push(purl);
  }
}
