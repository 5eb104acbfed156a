import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { normalizeLineBreaks } from "../line-breaks.js";
import { newPackage } from "../new-package.js";
import { isRecord, requireRecord, stringField } from "../parse-text.js";
import { parseYamlText } from "../parse-yaml.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { sectionKeyLines } from "../yaml-key-lines.js";
import { PUBSPEC_LOCK_FORMAT } from "./extractors.js";

/**
 * Dart/Flutter `pubspec.lock`: every package with its dependency kind ("direct main", "direct dev",
 * "direct overridden", "transitive"), source (hosted, git, path, sdk) and version. Git packages carry the
 * resolved commit. The lockfile records no edges.
 */
export const pubspecLockExtractor: SyncExtractor = {
  ...PUBSPEC_LOCK_FORMAT,
  extract: extractPubspecLock,
};

function extractPubspecLock(input: ExtractInput): ExtractResult {
  const { path } = input;
  const text = normalizeLineBreaks(input.text); // YAML ends lines at CR LF and lone CR too
  const doc = requireRecord(parseYamlText(text, "pubspec.lock"), "pubspec.lock");
  const entries = doc.packages ?? {};
  if (!isRecord(entries)) throw new ExtractError('"packages" is not a mapping: not a pubspec.lock');
  const lines = sectionKeyLines(text, "packages");
  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    if (!isRecord(entry)) {
      errors.push({ path, line: lines.get(name), message: `package "${name}" is not a mapping: skipped` });
      continue;
    }
    const kind = stringField(entry, "dependency") ?? "";
    const description = entry.description;
    const commit =
      stringField(entry, "source") === "git" && isRecord(description)
        ? stringField(description, "resolved-ref")
        : undefined;
    packages.push(
      newPackage({
        ecosystem: "Pub",
        name,
        version: stringField(entry, "version") ?? "",
        direct: kind.startsWith("direct"),
        groups: kind === "direct dev" ? ["dev"] : [],
        locations: [{ path, line: lines.get(name) }],
        ...(commit ? { commit } : {}),
      }),
    );
  }
  return errors.length > 0 ? { packages, errors } : { packages };
}
