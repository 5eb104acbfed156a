import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { isRecord } from "../parse-text.js";
import { arrayTableKeyLines } from "../toml-document.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { cleanGroups, namelessEntry, normalizePypiName, pypiPackage } from "./pypi-package.js";
import { declaredInPyproject } from "./pyproject-declared.js";
import { parseToml } from "./toml-text.js";

/**
 * poetry.lock (lock versions 1.x and 2.x). Groups: Poetry 2 writes `groups` (["main"] = production),
 * Poetry 1 `category` ("dev"); a package also in "main" is production; `optional = true` adds "optional". Git sources carry their resolved commit.
 * Dependency edges come from each package's [package.dependencies] table; direct = declared in the pyproject.toml beside it.
 */
export function extractPoetryLock(input: ExtractInput): ExtractResult {
  const lock = parseToml(input.text, "poetry.lock");
  const entries = lock.package ?? [];
  if (!Array.isArray(entries))
    throw new ExtractError('could not extract: "package" is not an array of tables');
  const lines = arrayTableKeyLines(input.text, "package", "name");
  const declared = declaredInPyproject(input.readFile("pyproject.toml"));
  const versionOf = new Map<string, string>();
  for (const e of entries) {
    if (isRecord(e) && typeof e.name === "string")
      versionOf.set(normalizePypiName(e.name), String(e.version ?? ""));
  }
  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  entries.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.name !== "string") {
      errors.push(namelessEntry(input.path, "package", i));
      return;
    }
    // A package that is also in "main" is production, whatever other groups use it.
    const named: string[] = Array.isArray(entry.groups) ? entry.groups.map(String) : [];
    if (typeof entry.category === "string") named.push(entry.category);
    const groups = named.includes("main") ? [] : named;
    if (entry.optional === true) groups.push("optional");
    const source = isRecord(entry.source) ? entry.source : {};
    const deps = isRecord(entry.dependencies) ? Object.keys(entry.dependencies) : [];
    packages.push(
      pypiPackage({
        name: entry.name,
        version: String(entry.version ?? ""),
        direct: declared?.has(normalizePypiName(entry.name)),
        groups: cleanGroups(groups, ["main"]),
        commit:
          source.type === "git" && typeof source.resolved_reference === "string"
            ? source.resolved_reference
            : undefined,
        dependencies: deps.flatMap((d) => {
          const v = versionOf.get(normalizePypiName(d));
          return v === undefined ? [] : [pypiPackage({ name: d, version: v }).purl];
        }),
        locations: [{ path: input.path, line: lines[i] }],
      }),
    );
  });
  return { packages, errors };
}

/** The poetry.lock extractor. */
export const poetryLockExtractor: Extractor = {
  format: "poetry.lock",
  ecosystem: "PyPI",
  matches: (path) => path === "poetry.lock" || path.endsWith("/poetry.lock"),
  extract: extractPoetryLock,
};
