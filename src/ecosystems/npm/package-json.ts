import semver from "semver";
import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { scanJsonKeyLines } from "../json-key-lines.js";
import { parseJsonObject } from "../json-text.js";
import { isRecord } from "../parse-text.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { PACKAGE_JSON_FORMAT } from "./extractors.js";
import { npmPackage } from "./npm-package.js";
import { DECLARATION_FIELDS, gitCommit, isGitSpec, isLocalSpec, parseAlias } from "./spec.js";

/** Fields in the order npm lets one declaration win over another (a name in dependencies is production). */
const FIELD_PRECEDENCE = [
  "dependencies",
  "optionalDependencies",
  "devDependencies",
  "peerDependencies",
] as const;

/**
 * package.json read on its own (the inventory uses it only where no lockfile covers the folder): one
 * package per declared dependency, with the declared range as version and `resolved: false` unless the
 * range is an exact version. Ranges are never turned into a lowest version. Local folders (file:, link:,
 * workspace:) are the project's own code and not reported; git dependencies carry their commit when the
 * spec pins one. Unity package manifests (a `unity` field, com.unity.* dependencies) are not npm and yield
 * nothing.
 */
export function extractPackageJson(input: ExtractInput): ExtractResult {
  const manifest = parseJsonObject(input.text, "package.json");
  if (typeof manifest.unity === "string") return { packages: [] };
  const lines = new Map<string, number>();
  scanJsonKeyLines(
    input.text,
    (path, line) => {
      if (path.length === 3 && path[1]! in DECLARATION_FIELDS && !lines.has(`${path[1]}/${path[2]}`)) {
        lines.set(`${path[1]}/${path[2]}`, line);
      }
    },
    { scalars: true },
  );
  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  const seen = new Set<string>();
  for (const field of FIELD_PRECEDENCE) {
    const deps = manifest[field];
    if (deps === undefined) continue;
    if (!isRecord(deps)) {
      errors.push({
        path: input.path,
        message: `"${field}" is not an object: its dependencies are not read`,
      });
      continue;
    }
    for (const [key, value] of Object.entries(deps)) {
      if (typeof value !== "string") {
        const line = lines.get(`${field}/${key}`);
        errors.push({ path: input.path, line, message: `${field}.${key} is not a version string: skipped` });
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      const alias = parseAlias(value);
      const name = alias?.name ?? key;
      const spec = (alias?.spec ?? value).trim();
      if (isLocalSpec(spec) || spec.startsWith("workspace:")) continue;
      const git = isGitSpec(spec);
      const group = DECLARATION_FIELDS[field];
      packages.push(
        npmPackage({
          name,
          version: git ? "" : spec,
          resolved: !git && semver.valid(spec) !== null,
          commit: git ? gitCommit(spec) : undefined,
          direct: true,
          groups: group ? [group] : [],
          locations: [{ path: input.path, line: lines.get(`${field}/${key}`) }],
        }),
      );
    }
  }
  return errors.length > 0 ? { packages, errors } : { packages };
}

/** The package.json extractor (declared ranges; the inventory uses it only where no lockfile covers the folder). */
export const packageJsonExtractor: SyncExtractor = {
  ...PACKAGE_JSON_FORMAT,
  extract: extractPackageJson,
};
