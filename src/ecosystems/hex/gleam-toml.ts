import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { newPackage } from "../new-package.js";
import { isRecord, stringField } from "../parse-text.js";
import { parseTomlText } from "../parse-toml.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { GLEAM_TOML_FORMAT } from "./extractors.js";

/**
 * Gleam's `gleam.toml` manifest: `[dependencies]` and `[dev-dependencies]` name Hex packages with version
 * ranges, so the packages are reported unresolved (never matched as their lowest version). Path and git
 * dependencies are not Hex packages and are left out.
 */
export const gleamTomlExtractor: SyncExtractor = {
  ...GLEAM_TOML_FORMAT,
  extract: extractGleamToml,
};

function extractGleamToml({ path, text }: ExtractInput): ExtractResult {
  const doc = parseTomlText(text, "gleam.toml");
  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  for (const [table, groups] of [
    ["dependencies", []],
    ["dev-dependencies", ["dev"]],
  ] as const) {
    const deps = doc[table];
    if (deps === undefined) continue;
    if (!isRecord(deps)) {
      errors.push({ path, message: `[${table}] is not a table: not read` });
      continue;
    }
    for (const [name, spec] of Object.entries(deps)) {
      const range =
        typeof spec === "string" ? spec : isRecord(spec) ? stringField(spec, "version") : undefined;
      if (range === undefined) {
        // path and git dependencies are not Hex packages
        if (!isRecord(spec) || (spec.path === undefined && spec.git === undefined)) {
          errors.push({
            path,
            message: `${table}.${name} is neither a version range nor a path or git source`,
          });
        }
        continue;
      }
      packages.push(
        newPackage({
          ecosystem: "Hex",
          name,
          version: range,
          resolved: false,
          direct: true,
          groups: [...groups],
          locations: [{ path }],
        }),
      );
    }
  }
  return errors.length > 0 ? { packages, errors } : { packages };
}
