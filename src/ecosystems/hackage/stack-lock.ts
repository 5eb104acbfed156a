import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { normalizeLineBreaks } from "../line-breaks.js";
import { newPackage } from "../new-package.js";
import { isRecord, requireRecord, stringField } from "../parse-text.js";
import { parseYamlText } from "../parse-yaml.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { STACK_LOCK_FORMAT } from "./extractors.js";

/** "fuzzyset-0.2.4" -> name, version: the version follows the last "-" (Hackage names have no "-digit" part). */
const NAME_VERSION = /^(.+)-(\d[\d.]*)$/;
const SHA256 = /@sha256:([0-9a-f]{64})/;

/**
 * Haskell Stack `stack.yaml.lock`: the extra packages pinned beside the snapshot, from Hackage
 * (`hackage: name-version@sha256:...`) or git (`name`, `version`, `commit`). Packages of the resolver snapshot
 * itself are not in the file.
 */
export const stackLockExtractor: SyncExtractor = {
  ...STACK_LOCK_FORMAT,
  extract: extractStackLock,
};

function extractStackLock({ path, text }: ExtractInput): ExtractResult {
  // YAML ends lines at CR LF and lone CR too; no line is reported, so the text is parsed as it is.
  const doc = requireRecord(parseYamlText(normalizeLineBreaks(text), "stack.yaml.lock"), "stack.yaml.lock");
  const entries = doc.packages ?? [];
  if (!Array.isArray(entries)) throw new ExtractError('"packages" is not a list: not a stack.yaml.lock');
  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  for (const [index, entry] of entries.entries()) {
    const completed = isRecord(entry) && isRecord(entry.completed) ? entry.completed : undefined;
    if (!completed) {
      errors.push({ path, message: `packages[${index}] has no "completed" mapping: skipped` });
      continue;
    }
    const id = stringField(completed, "hackage") ?? "";
    const hackage = NAME_VERSION.exec(id.split("@")[0]!);
    if (hackage) {
      const pkg = newPackage({
        ecosystem: "Hackage",
        name: hackage[1]!,
        version: hackage[2]!,
        locations: [{ path }],
      });
      const sha256 = SHA256.exec(id)?.[1];
      if (sha256) pkg.hashes = [`sha256:${sha256}`];
      packages.push(pkg);
      continue;
    }
    const name = stringField(completed, "name");
    const version = stringField(completed, "version");
    const commit = stringField(completed, "commit");
    if (name && version) {
      packages.push(
        newPackage({
          ecosystem: "Hackage",
          name,
          version,
          locations: [{ path }],
          ...(commit ? { commit } : {}),
        }),
      );
      continue;
    }
    errors.push({
      path,
      message: `packages[${index}] is neither "hackage: name-version" nor a name, version and commit: skipped`,
    });
  }
  return errors.length > 0 ? { packages, errors } : { packages };
}
