import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { parseJsonText } from "../json-text.js";
import { newPackage } from "../new-package.js";
import { isRecord, requireRecord, stringField } from "../parse-text.js";
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
  const doc = requireRecord(parseJsonText(text, "NuGet packages.lock.json"), "NuGet packages.lock.json");
  const frameworks = doc.dependencies;
  if (!isRecord(frameworks)) {
    throw new ExtractError('no "dependencies" object: not a NuGet packages.lock.json');
  }
  const byKey = new Map<string, Package>();
  const errors: InventoryError[] = [];
  for (const [framework, entries] of Object.entries(frameworks)) {
    if (!isRecord(entries)) {
      errors.push({ path, message: `framework "${framework}" is not an object: not read` });
      continue;
    }
    for (const [name, entry] of Object.entries(entries)) {
      if (!isRecord(entry)) {
        errors.push({ path, message: `${framework}: "${name}" is not an object: skipped` });
        continue;
      }
      if (entry.type === "Project") continue; // another project of the solution, not a NuGet package
      const version = stringField(entry, "resolved");
      if (!version) {
        errors.push({ path, message: `${framework}: "${name}" has no resolved version: skipped` });
        continue;
      }
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
  const packages = [...byKey.values()];
  return errors.length > 0 ? { packages, errors } : { packages };
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
