import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { scanJsonKeyLines } from "../json-key-lines.js";
import { parseJsonObject } from "../json-text.js";
import { isRecord } from "../parse-text.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { PIPFILE_LOCK_FORMAT } from "./extractors.js";
import { pypiPackage } from "./pypi-package.js";

/**
 * Pipfile.lock: `default` (production) and `develop` ("dev") maps of name -> { version: "==1.2.3", ... }.
 * Git/editable entries without a version are reported with version "", resolved:false and their `ref` as
 * commit, rather than dropped. A name in both sections is production only.
 */
export function extractPipfileLock(input: ExtractInput): ExtractResult {
  if (input.text.trim() === "") return { packages: [] };
  const lock = parseJsonObject(input.text, "Pipfile.lock");
  const lines = new Map<string, number>();
  scanJsonKeyLines(input.text, (path, line) => {
    if (path.length === 3 && (path[1] === "default" || path[1] === "develop"))
      lines.set(`${path[1]}/${path[2]}`, line);
  });
  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  const production = new Set<string>();
  for (const section of ["default", "develop"] as const) {
    const deps = lock[section];
    if (deps === undefined) continue;
    if (!isRecord(deps)) {
      errors.push({ path: input.path, message: `"${section}" is not an object; its packages are not read` });
      continue;
    }
    for (const [name, entry] of Object.entries(deps)) {
      if (!isRecord(entry)) {
        errors.push({
          path: input.path,
          line: lines.get(`${section}/${name}`),
          message: `${section}.${name} is not an object; not read`,
        });
        continue;
      }
      const pinned = typeof entry.version === "string" ? entry.version.replace(/^===?/, "").trim() : "";
      const key = `${name}@${pinned}`;
      if (section === "default") production.add(key);
      else if (production.has(key)) continue;
      packages.push(
        pypiPackage({
          name,
          version: pinned,
          resolved: pinned !== "",
          direct: undefined,
          groups: section === "develop" ? ["dev"] : [],
          commit: typeof entry.ref === "string" ? entry.ref : undefined,
          hashes: Array.isArray(entry.hashes) ? entry.hashes.map(String) : undefined,
          locations: [{ path: input.path, line: lines.get(`${section}/${name}`) }],
        }),
      );
    }
  }
  return { packages, errors };
}

/** The Pipfile.lock extractor. */
export const pipfileLockExtractor: SyncExtractor = {
  ...PIPFILE_LOCK_FORMAT,
  extract: extractPipfileLock,
};
