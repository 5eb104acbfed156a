import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { isRecord } from "../parse-text.js";
import { arrayTableKeyLines } from "../toml-document.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { namelessEntry, pypiPackage } from "./pypi-package.js";
import { parseToml } from "./toml-text.js";

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
  const lines = arrayTableKeyLines(input.text, "packages", "name");
  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  entries.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.name !== "string") {
      errors.push(namelessEntry(input.path, "packages", i));
      return;
    }
    if (isRecord(entry.directory)) return; // the project itself
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
  return { packages, errors };
}

/** The pylock.toml extractor (PEP 751; also pylock.<name>.toml). */
export const pylockExtractor: Extractor = {
  format: "pylock.toml",
  ecosystem: "PyPI",
  matches: (path) => /(^|\/)pylock\.([^/.]+\.)?toml$/.test(path),
  extract: extractPylock,
};
