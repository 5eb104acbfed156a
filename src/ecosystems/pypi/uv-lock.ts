import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { isRecord } from "../parse-text.js";
import { arrayTableKeyLines } from "../toml-document.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { cleanGroups, namelessEntry, normalizePypiName, pypiPackage } from "./pypi-package.js";
import { parseToml } from "./toml-text.js";

/** A root (workspace member) package: its source is the project folder itself. */
function isProjectItself(entry: Record<string, unknown>): boolean {
  const source = isRecord(entry.source) ? entry.source : {};
  return "virtual" in source || "editable" in source;
}

function depNames(list: unknown): string[] {
  return Array.isArray(list)
    ? list.flatMap((d) => (isRecord(d) && typeof d.name === "string" ? [d.name] : []))
    : [];
}

/**
 * uv.lock. The project's own entries (virtual/editable sources) are not packages; their
 * `optional-dependencies` and `dev-dependencies` tables give the groups of the packages they name
 * (as osv-scalibr: only the directly named packages get the group). Git sources carry their commit
 * (the URL fragment); edges come from each package's `dependencies`.
 */
export function extractUvLock(input: ExtractInput): ExtractResult {
  const lock = parseToml(input.text, "uv.lock");
  const entries = lock.package ?? [];
  if (!Array.isArray(entries))
    throw new ExtractError('could not extract: "package" is not an array of tables');
  const lines = arrayTableKeyLines(input.text, "package", "name");

  const groupsOf = new Map<string, Set<string>>();
  const direct = new Set<string>();
  const productionDirect = new Set<string>();
  const versionOf = new Map<string, string>();
  for (const e of entries) {
    if (!isRecord(e) || typeof e.name !== "string") continue;
    versionOf.set(normalizePypiName(e.name), String(e.version ?? ""));
    if (!isProjectItself(e)) continue;
    for (const n of depNames(e.dependencies)) {
      direct.add(normalizePypiName(n));
      productionDirect.add(normalizePypiName(n));
    }
    for (const table of [e["optional-dependencies"], e["dev-dependencies"]]) {
      if (!isRecord(table)) continue;
      for (const [group, list] of Object.entries(table)) {
        for (const n of depNames(list)) {
          const key = normalizePypiName(n);
          direct.add(key);
          groupsOf.set(key, (groupsOf.get(key) ?? new Set()).add(group));
        }
      }
    }
  }

  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  entries.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.name !== "string") {
      errors.push(namelessEntry(input.path, "package", i));
      return;
    }
    if (isProjectItself(entry)) return;
    const key = normalizePypiName(entry.name);
    const source = isRecord(entry.source) ? entry.source : {};
    const git = typeof source.git === "string" ? source.git : undefined;
    const fragment = git?.includes("#") ? git.slice(git.lastIndexOf("#") + 1) : undefined;
    packages.push(
      pypiPackage({
        name: entry.name,
        version: String(entry.version ?? ""),
        direct: direct.has(key),
        groups: productionDirect.has(key) ? [] : cleanGroups(groupsOf.get(key) ?? [], []),
        commit: fragment && /^[0-9a-f]{7,40}$/i.test(fragment) ? fragment : undefined,
        dependencies: depNames(entry.dependencies).flatMap((d) => {
          const v = versionOf.get(normalizePypiName(d));
          return v === undefined ? [] : [pypiPackage({ name: d, version: v }).purl];
        }),
        locations: [{ path: input.path, line: lines[i] }],
      }),
    );
  });
  return { packages, errors };
}

/** The uv.lock extractor. */
export const uvLockExtractor: Extractor = {
  format: "uv.lock",
  ecosystem: "PyPI",
  matches: (path) => path === "uv.lock" || path.endsWith("/uv.lock"),
  extract: extractUvLock,
};
