import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
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
  const doc = requireRecord(path, parseYamlText(path, text), "stack.yaml.lock");
  const entries = doc.packages ?? [];
  if (!Array.isArray(entries))
    throw new ExtractError(`${path}: "packages" is not a list: not a stack.yaml.lock`);
  const packages: Package[] = [];
  for (const entry of entries) {
    const completed = isRecord(entry) && isRecord(entry.completed) ? entry.completed : undefined;
    if (!completed) continue;
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
    }
  }
  return { packages };
}
