import { isRecord } from "../parse-text.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { UV_LOCK_FORMAT } from "./extractors.js";
import { cleanGroups, normalizePypiName, pypiPackage } from "./pypi-package.js";
import { dependencyPurls, readLockEntries, versionsByName } from "./toml-text.js";

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
  const { entries, errors } = readLockEntries(input, "uv.lock", "package");

  const groupsOf = new Map<string, Set<string>>();
  const direct = new Set<string>();
  const productionDirect = new Set<string>();
  const versionOf = versionsByName(entries);
  for (const { entry: e } of entries) {
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

  const packages = entries.flatMap(({ entry, line }) => {
    if (isProjectItself(entry)) return [];
    const key = normalizePypiName(entry.name);
    const source = isRecord(entry.source) ? entry.source : {};
    const git = typeof source.git === "string" ? source.git : undefined;
    const fragment = git?.includes("#") ? git.slice(git.lastIndexOf("#") + 1) : undefined;
    return pypiPackage({
      name: entry.name,
      version: String(entry.version ?? ""),
      direct: direct.has(key),
      groups: productionDirect.has(key) ? [] : cleanGroups(groupsOf.get(key) ?? [], []),
      commit: fragment && /^[0-9a-f]{7,40}$/i.test(fragment) ? fragment : undefined,
      dependencies: dependencyPurls(depNames(entry.dependencies), versionOf),
      locations: [{ path: input.path, line }],
    });
  });
  return { packages, errors };
}

/** The uv.lock extractor. */
export const uvLockExtractor: SyncExtractor = {
  ...UV_LOCK_FORMAT,
  extract: extractUvLock,
};
