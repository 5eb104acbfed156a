import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { parseJsonText } from "../json-text.js";
import { newPackage } from "../new-package.js";
import { isRecord, requireRecord, stringField } from "../parse-text.js";
import { purlFor } from "../purl.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { DEPS_JSON_FORMAT } from "./extractors.js";

/**
 * .NET `*.deps.json` (written beside a built application): `libraries` keyed "Name/Version" with their type;
 * "package" libraries are NuGet packages, "project" and "reference" ones are not. Edges come from `targets`.
 */
export const depsJsonExtractor: SyncExtractor = {
  ...DEPS_JSON_FORMAT,
  extract: extractDepsJson,
};

function extractDepsJson({ path, text }: ExtractInput): ExtractResult {
  const doc = requireRecord(parseJsonText(text, ".NET deps.json"), ".NET deps.json");
  if (!isRecord(doc.libraries)) throw new ExtractError('no "libraries" object: not a .NET deps.json');
  const edges = edgesByLibrary(doc.targets);
  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  for (const [key, library] of Object.entries(doc.libraries)) {
    if (!isRecord(library)) {
      errors.push({ path, message: `library "${key}" is not an object: skipped` });
      continue;
    }
    if (stringField(library, "type") !== "package") continue; // "project" and "reference": not NuGet packages
    const slash = key.indexOf("/");
    if (slash <= 0 || slash === key.length - 1) {
      errors.push({ path, message: `library "${key}" is not "Name/Version": skipped` });
      continue;
    }
    const pkg = newPackage({
      ecosystem: "NuGet",
      name: key.slice(0, slash),
      version: key.slice(slash + 1),
      locations: [{ path }],
      dependencies: edges.get(key) ?? [],
    });
    const hash = stringField(library, "sha512");
    if (hash) pkg.hashes = [hash];
    packages.push(pkg);
  }
  return errors.length > 0 ? { packages, errors } : { packages };
}

function edgesByLibrary(targets: unknown): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  if (!isRecord(targets)) return edges;
  for (const target of Object.values(targets)) {
    if (!isRecord(target)) continue;
    for (const [key, entry] of Object.entries(target)) {
      if (!isRecord(entry) || !isRecord(entry.dependencies)) continue;
      const list = edges.get(key) ?? [];
      for (const [name, version] of Object.entries(entry.dependencies)) {
        const purl = purlFor({ ecosystem: "NuGet", name, version: String(version) });
        if (purl && !list.includes(purl)) list.push(purl);
      }
      edges.set(key, list);
    }
  }
  return edges;
}
