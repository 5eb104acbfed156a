import { isRecord } from "../parse-text.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { POETRY_LOCK_FORMAT } from "./extractors.js";
import { cleanGroups, normalizePypiName, pypiPackage } from "./pypi-package.js";
import { declaredInPyproject } from "./pyproject-declared.js";
import { dependencyPurls, readLockEntries, versionsByName } from "./toml-text.js";

/**
 * poetry.lock (lock versions 1.x and 2.x). Groups: Poetry 2 writes `groups` (["main"] = production),
 * Poetry 1 `category` ("dev"); a package also in "main" is production; `optional = true` adds "optional". Git sources carry their resolved commit.
 * Dependency edges come from each package's [package.dependencies] table; direct = declared in the pyproject.toml beside it.
 */
export async function extractPoetryLock(input: ExtractInput): Promise<ExtractResult> {
  const { entries, errors } = readLockEntries(input, "poetry.lock", "package");
  const declared = declaredInPyproject(await input.readFile("pyproject.toml"));
  const versionOf = versionsByName(entries);
  const packages = entries.map(({ entry, line }) => {
    // A package that is also in "main" is production, whatever other groups use it.
    const named: string[] = Array.isArray(entry.groups) ? entry.groups.map(String) : [];
    if (typeof entry.category === "string") named.push(entry.category);
    const groups = named.includes("main") ? [] : named;
    if (entry.optional === true) groups.push("optional");
    const source = isRecord(entry.source) ? entry.source : {};
    const deps = isRecord(entry.dependencies) ? Object.keys(entry.dependencies) : [];
    return pypiPackage({
      name: entry.name,
      version: String(entry.version ?? ""),
      direct: declared?.has(normalizePypiName(entry.name)),
      groups: cleanGroups(groups, ["main"]),
      commit:
        source.type === "git" && typeof source.resolved_reference === "string"
          ? source.resolved_reference
          : undefined,
      dependencies: dependencyPurls(deps, versionOf),
      locations: [{ path: input.path, line }],
    });
  });
  return { packages, errors };
}

/** The poetry.lock extractor. */
export const poetryLockExtractor: Extractor = {
  ...POETRY_LOCK_FORMAT,
  extract: extractPoetryLock,
};
