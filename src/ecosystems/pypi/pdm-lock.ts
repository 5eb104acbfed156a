import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { PDM_LOCK_FORMAT } from "./extractors.js";
import { normalizePypiName, pypiPackage } from "./pypi-package.js";
import { declaredInPyproject } from "./pyproject-declared.js";
import { readLockEntries } from "./toml-text.js";

/**
 * pdm.lock. A package in the "default" group is production; one only in "dev" is dev; one only in other
 * groups (optional-dependency groups) is "optional", as osv-scalibr reports them. Git packages carry their
 * `revision`.
 */
export async function extractPdmLock(input: ExtractInput): Promise<ExtractResult> {
  const { entries, errors } = readLockEntries(input, "pdm.lock", "package");
  const declared = declaredInPyproject(await input.readFile("pyproject.toml"));
  const packages = entries.map(({ entry, line }) => {
    const groups = Array.isArray(entry.groups) ? entry.groups.map(String) : ["default"];
    const group = groups.includes("default") ? [] : groups.includes("dev") ? ["dev"] : ["optional"];
    return pypiPackage({
      name: entry.name,
      version: String(entry.version ?? ""),
      direct: declared?.has(normalizePypiName(entry.name)),
      groups: group,
      commit: typeof entry.revision === "string" ? entry.revision : undefined,
      locations: [{ path: input.path, line }],
    });
  });
  return { packages, errors };
}

/** The pdm.lock extractor. */
export const pdmLockExtractor: Extractor = {
  ...PDM_LOCK_FORMAT,
  extract: extractPdmLock,
};
