import { ExtractError } from "../ecosystems/errors.js";
import { parseJsonText } from "../ecosystems/json-text.js";
import { isRecord } from "../ecosystems/parse-text.js";
import type { Extractor, ExtractResult } from "../ecosystems/types.js";
import type { Package } from "../model/package.js";
import { BULWARK_INVENTORY_FORMAT } from "./json-format.js";

/**
 * Reads the document `bulwark inventory --format json` writes (see json.ts) back into packages, so an
 * inventory taken in CI can be scanned or uploaded later. Every package must carry ecosystem, name, version
 * and purl; a package that does not is an error naming its index, and the others are still read.
 */
export const bulwarkInventoryExtractor: Extractor = {
  ...BULWARK_INVENTORY_FORMAT,
  extract: ({ path, text }) => readInventoryJson(path, text),
};

function readInventoryJson(path: string, text: string): ExtractResult {
  const doc = parseJsonText(text, "Bulwark inventory");
  if (!isRecord(doc) || !Array.isArray(doc.packages) || !Array.isArray(doc.sources))
    throw new ExtractError('not a Bulwark inventory: expected {"packages": [...], "sources": [...], ...}');
  const packages: Package[] = [];
  const errors: ExtractResult["errors"] = [];
  doc.packages.forEach((raw, index) => {
    const p = isRecord(raw) ? raw : {};
    const text = (key: string) => (typeof p[key] === "string" ? (p[key] as string) : undefined);
    const [ecosystem, name, version, purl] = [text("ecosystem"), text("name"), text("version"), text("purl")];
    if (!ecosystem || !name || version === undefined || !purl) {
      errors.push({ path, message: `packages[${index}] lacks ecosystem, name, version or purl; skipped` });
      return;
    }
    const strings = (key: string) =>
      Array.isArray(p[key]) ? (p[key] as unknown[]).filter((v): v is string => typeof v === "string") : [];
    const locations = Array.isArray(p.locations)
      ? (p.locations as unknown[])
          .filter(isRecord)
          .flatMap((l) =>
            typeof l.path === "string"
              ? [typeof l.line === "number" ? { path: l.path, line: l.line } : { path: l.path }]
              : [],
          )
      : [];
    packages.push({
      ecosystem,
      name,
      version,
      purl,
      ...(typeof p.direct === "boolean" ? { direct: p.direct } : {}),
      groups: strings("groups"),
      locations,
      dependencies: strings("dependencies"),
      resolved: p.resolved !== false,
      ...(strings("hashes").length ? { hashes: strings("hashes") } : {}),
      ...(strings("licenses").length ? { licenses: strings("licenses") } : {}),
      ...(text("commit") ? { commit: text("commit") } : {}),
    });
  });
  if (packages.length === 0 && doc.packages.length > 0)
    throw new ExtractError(`none of the ${doc.packages.length} packages is readable`);
  return { packages, errors };
}
