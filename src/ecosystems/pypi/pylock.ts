import { isRecord } from "../parse-text.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { PYLOCK_FORMAT } from "./extractors.js";
import { pypiPackage } from "./pypi-package.js";
import { readLockEntries } from "./toml-text.js";

/**
 * pylock.toml (PEP 751) and pylock.<name>.toml. Entries installed from a local directory are the project
 * itself and not reported; VCS entries carry their `commit-id`. Entries without a version (a VCS or archive
 * source that does not state one) are reported with version "" and resolved:false, never dropped.
 */
export function extractPylock(input: ExtractInput): ExtractResult {
  const { entries, errors } = readLockEntries(input, "pylock.toml", "packages");
  const packages = entries.flatMap(({ entry, line }) => {
    if (isRecord(entry.directory)) return []; // the project itself
    const vcs = isRecord(entry.vcs) ? entry.vcs : undefined;
    const version = typeof entry.version === "string" ? entry.version : "";
    return pypiPackage({
      name: entry.name,
      version,
      resolved: version !== "",
      commit: typeof vcs?.["commit-id"] === "string" ? vcs["commit-id"] : undefined,
      locations: [{ path: input.path, line }],
    });
  });
  return { packages, errors };
}

/** The pylock.toml extractor (PEP 751; also pylock.<name>.toml). */
export const pylockExtractor: SyncExtractor = {
  ...PYLOCK_FORMAT,
  extract: extractPylock,
};
