import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { parseJsonText } from "../json-text.js";
import { newPackage } from "../new-package.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { COMPOSER_LOCK_FORMAT } from "./extractors.js";

const ECOSYSTEM = "Packagist";

/** The fields of a composer.lock package entry Bulwark reads. */
interface LockedPackage {
  name?: unknown;
  version?: unknown;
  source?: { reference?: unknown };
  dist?: { shasum?: unknown; reference?: unknown };
  require?: unknown;
  license?: unknown;
}

/**
 * composer.lock: `packages` and `packages-dev` (group "dev") with their line, licence, dist sha1, the git
 * commit of `source.reference` (else `dist.reference`; when it is a commit hash, not a version-like ref) and `require` edges to
 * other locked packages. Direct dependencies are those named by the composer.json beside the lockfile, when
 * there is one.
 */
export const composerLockExtractor: Extractor = {
  ...COMPOSER_LOCK_FORMAT,
  async extract(input: ExtractInput): Promise<ExtractResult> {
    const doc = parseJsonText(input.text, "composer.lock");
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
      throw new ExtractError("not a composer.lock (the top level is not a JSON object)", {
        hint: "composer.lock is written by `composer install` or `composer update`",
      });
    }
    const errors: InventoryError[] = [];
    const lineOf = lineFinder(input.text);
    const packages: Package[] = [];
    const requires: unknown[] = [];
    for (const [key, groups] of [
      ["packages", []],
      ["packages-dev", ["dev"]],
    ] as const) {
      const list = (doc as Record<string, unknown>)[key] ?? [];
      if (!Array.isArray(list)) {
        errors.push({ path: input.path, message: `"${key}" is not an array; its packages are not read` });
        continue;
      }
      for (const entry of list as LockedPackage[]) {
        const { name, version } = entry ?? {};
        if (typeof name !== "string" || typeof version !== "string") {
          errors.push({ path: input.path, message: `an entry of "${key}" has no string name and version` });
          continue;
        }
        const reference = entry.source?.reference ?? entry.dist?.reference;
        const shasum = entry.dist?.shasum;
        packages.push(
          newPackage({
            ecosystem: ECOSYSTEM,
            name,
            version,
            groups: [...groups],
            locations: [{ path: input.path, line: lineOf(name) }],
            commit: typeof reference === "string" && /^[0-9a-f]{40}$/.test(reference) ? reference : undefined,
            hashes: typeof shasum === "string" && shasum !== "" ? [`sha1:${shasum}`] : undefined,
            licenses: Array.isArray(entry.license)
              ? entry.license.filter((l) => typeof l === "string")
              : undefined,
          }),
        );
        requires.push(entry.require);
      }
    }
    linkRequires(packages, requires);
    markDirect(packages, await input.readFile("composer.json"));
    return { packages, errors };
  },
};

/**
 * Finds each package's `"name": "..."` line in file order (author names come after their package's name).
 * Lines are counted incrementally, so a large lockfile is scanned once.
 */
function lineFinder(text: string): (name: string) => number | undefined {
  let from = 0;
  let line = 1;
  return (name) => {
    const re = new RegExp(
      `"name"\\s*:\\s*${JSON.stringify(name).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`,
      "g",
    );
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) return undefined;
    for (let i = text.indexOf("\n", from); i >= 0 && i < m.index; i = text.indexOf("\n", i + 1)) line++;
    from = m.index + m[0].length;
    return line;
  };
}

/** Package names are case-insensitive in Composer; platform requirements (php, ext-*) have no entry and are skipped. */
function linkRequires(packages: Package[], requires: unknown[]): void {
  const byName = new Map(packages.map((p) => [p.name.toLowerCase(), p]));
  packages.forEach((pkg, i) => {
    const require = requires[i];
    if (typeof require !== "object" || require === null) return;
    for (const name of Object.keys(require)) {
      const target = byName.get(name.toLowerCase());
      if (target) pkg.dependencies.push(target.purl);
    }
  });
}

function markDirect(packages: Package[], manifestText: string | undefined): void {
  if (manifestText === undefined) return;
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(manifestText);
  } catch {
    return; // composer.json is reported by its own reader, if any; here it only refines `direct`
  }
  const declared = new Set(
    ["require", "require-dev"].flatMap((k) =>
      Object.keys((manifest?.[k] as object) ?? {}).map((n) => n.toLowerCase()),
    ),
  );
  for (const pkg of packages) pkg.direct = declared.has(pkg.name.toLowerCase());
}
