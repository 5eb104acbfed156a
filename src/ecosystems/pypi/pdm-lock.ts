import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { isRecord } from "../parse-text.js";
import { arrayTableKeyLines } from "../toml-document.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { namelessEntry, normalizePypiName, pypiPackage } from "./pypi-package.js";
import { declaredInPyproject } from "./pyproject-declared.js";
import { parseToml } from "./toml-text.js";

/**
 * pdm.lock. A package in the "default" group is production; one only in "dev" is dev; one only in other
 * groups (optional-dependency groups) is "optional", as osv-scalibr reports them. Git packages carry their
 * `revision`.
 */
export function extractPdmLock(input: ExtractInput): ExtractResult {
  const lock = parseToml(input.text, "pdm.lock");
  const entries = lock.package ?? [];
  if (!Array.isArray(entries))
    throw new ExtractError('could not extract: "package" is not an array of tables');
  const lines = arrayTableKeyLines(input.text, "package", "name");
  const declared = declaredInPyproject(input.readFile("pyproject.toml"));
  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  entries.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.name !== "string") {
      errors.push(namelessEntry(input.path, "package", i));
      return;
    }
    const groups = Array.isArray(entry.groups) ? entry.groups.map(String) : ["default"];
    const group = groups.includes("default") ? [] : groups.includes("dev") ? ["dev"] : ["optional"];
    packages.push(
      pypiPackage({
        name: entry.name,
        version: String(entry.version ?? ""),
        direct: declared?.has(normalizePypiName(entry.name)),
        groups: group,
        commit: typeof entry.revision === "string" ? entry.revision : undefined,
        locations: [{ path: input.path, line: lines[i] }],
      }),
    );
  });
  return { packages, errors };
}

/** The pdm.lock extractor. */
export const pdmLockExtractor: Extractor = {
  format: "pdm.lock",
  ecosystem: "PyPI",
  matches: (path) => path === "pdm.lock" || path.endsWith("/pdm.lock"),
  extract: extractPdmLock,
};
