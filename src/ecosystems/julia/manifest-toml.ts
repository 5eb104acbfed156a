import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { newPackage } from "../new-package.js";
import { isRecord, stringField } from "../parse-text.js";
import { parseTomlText } from "../parse-toml.js";
import { purlFor } from "../purl.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { MANIFEST_TOML_FORMAT } from "./extractors.js";

/**
 * Julia `Manifest.toml` (format 2.0: `[[deps.Name]]`; format 1.0: `[[Name]]` at the top level): every
 * package with its version and edges (`deps`). Standard libraries carry no version (they ship with Julia) and
 * are not reported.
 */
export const manifestTomlExtractor: SyncExtractor = {
  ...MANIFEST_TOML_FORMAT,
  extract: extractManifestToml,
};

function extractManifestToml({ path, text }: ExtractInput): ExtractResult {
  const doc = parseTomlText(text, "Manifest.toml");
  const format = stringField(doc, "manifest_format");
  if (format !== undefined && !format.startsWith("2.")) {
    throw new ExtractError(`manifest_format ${format} is not supported`, {
      hint: "formats 1.0 and 2.x are",
    });
  }
  const table = format === undefined ? doc : isRecord(doc.deps) ? doc.deps : {};
  const packages: Package[] = [];
  const edges = new Map<Package, string[]>();
  const errors: InventoryError[] = [];
  for (const [name, entries] of Object.entries(table)) {
    if (!Array.isArray(entries)) continue; // format 1.0: top-level scalars such as julia_version
    for (const entry of entries) {
      if (!isRecord(entry)) {
        errors.push({ path, message: `an entry of ${name} is not a table: skipped` });
        continue;
      }
      const version = stringField(entry, "version");
      if (!version) continue; // standard libraries ship with Julia and carry no version
      const pkg = newPackage({ ecosystem: "Julia", name, version, locations: [{ path }] });
      packages.push(pkg);
      edges.set(
        pkg,
        Array.isArray(entry.deps)
          ? (entry.deps as unknown[]).filter((d): d is string => typeof d === "string")
          : [],
      );
    }
  }
  const versions = new Map(packages.map((p) => [p.name, p.version]));
  for (const [pkg, names] of edges) {
    for (const name of names) {
      const version = versions.get(name);
      if (version) pkg.dependencies.push(purlFor({ ecosystem: "Julia", name, version }));
    }
  }
  return errors.length > 0 ? { packages, errors } : { packages };
}
