import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { isRecord, pypiPackage } from "./pypi-package.js";
import { arrayTableNameLines, parseToml } from "./toml-text.js";

/**
 * pylock.toml (PEP 751) and pylock.<name>.toml. Entries installed from a local directory are the project
 * itself and not reported; VCS entries carry their `commit-id`. Entries without a version (a VCS or archive
 * source that does not state one) are reported with version "" and resolved:false, never dropped.
 */
export function extractPylock(input: ExtractInput): ExtractResult {
  const lock = parseToml(input.text, "pylock.toml");
  const entries = lock.packages ?? [];
  if (!Array.isArray(entries))
    throw new ExtractError('could not extract: "packages" is not an array of tables');
  const lines = arrayTableNameLines(input.text, "packages");
  const packages: Package[] = [];
  entries.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.name !== "string" || isRecord(entry.directory)) return;
    const vcs = isRecord(entry.vcs) ? entry.vcs : undefined;
    const version = typeof entry.version === "string" ? entry.version : "";
    packages.push(
      pypiPackage({
        name: entry.name,
        version,
        resolved: version !== "",
        commit: typeof vcs?.["commit-id"] === "string" ? vcs["commit-id"] : undefined,
        locations: [{ path: input.path, line: lines[i] }],
      }),
    );
  });
  return { packages };
}

/** The pylock.toml extractor (PEP 751; also pylock.<name>.toml). */
export const pylockExtractor: Extractor = {
  format: "pylock.toml",
  ecosystem: "PyPI",
  matches: (path) => /(^|\/)pylock\.([^/.]+\.)?toml$/.test(path),
  extract: extractPylock,
};
