import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { normalizeLineBreaks } from "../line-breaks.js";
import { newPackage } from "../new-package.js";
import { lineOf } from "../parse-text.js";
import { parseXmlText, xmlElements, xmlValue } from "../parse-xml.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { PACKAGES_CONFIG_FORMAT } from "./extractors.js";

/**
 * NuGet `packages.config` (the pre-PackageReference format): `<package id version developmentDependency>`.
 * Every listed package is installed at exactly that version; development dependencies get the group "dev".
 */
export const packagesConfigExtractor: SyncExtractor = {
  ...PACKAGES_CONFIG_FORMAT,
  extract: extractPackagesConfig,
};

function extractPackagesConfig(input: ExtractInput): ExtractResult {
  const { path } = input;
  const text = normalizeLineBreaks(input.text); // XML reads CR LF and a lone CR as LF (XML 1.0, 2.11)
  const doc = parseXmlText(text, "NuGet packages.config");
  if (!("packages" in doc)) {
    throw new ExtractError("no <packages> root element: not a NuGet packages.config");
  }
  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  let searchFrom = 0;
  for (const element of xmlElements(doc.packages, "package")) {
    const name = xmlValue(element, "id") ?? "";
    const version = xmlValue(element, "version") ?? "";
    const line = name ? lineOf(text, `"${name}"`, searchFrom) : undefined;
    if (!name || !version) {
      errors.push({
        path,
        line,
        message: `<package id="${name}"> without ${name ? "version" : "id"}: skipped`,
      });
      continue;
    }
    searchFrom = text.indexOf(`"${name}"`, searchFrom) + 1;
    const dev = xmlValue(element, "developmentDependency") === "true";
    packages.push(
      newPackage({
        ecosystem: "NuGet",
        name,
        version,
        direct: true,
        groups: dev ? ["dev"] : [],
        locations: [{ path, line }],
      }),
    );
  }
  return errors.length > 0 ? { packages, errors } : { packages };
}
