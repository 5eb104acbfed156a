import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { parseJsonText } from "../json-text.js";
import { newPackage } from "../new-package.js";
import { isRecord, requireRecord, stringField } from "../parse-text.js";
import { purlFor } from "../purl.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { RENV_LOCK_FORMAT } from "./extractors.js";

/**
 * R `renv.lock`: packages installed from a package repository (a `Repository` such as CRAN or a CRAN mirror
 * like Posit Package Manager, with `Source` "Repository" or absent in old lockfiles) are CRAN packages, with edges from `Requirements`. Packages from
 * GitHub, Bioconductor or local sources are not CRAN packages: they are counted in one error entry so that
 * nobody believes they were checked.
 */
export const renvLockExtractor: SyncExtractor = {
  ...RENV_LOCK_FORMAT,
  extract: extractRenvLock,
};

function extractRenvLock({ path, text }: ExtractInput): ExtractResult {
  const doc = requireRecord(parseJsonText(text, "renv.lock"), "renv.lock");
  const entries = doc.Packages ?? {};
  if (!isRecord(entries)) throw new ExtractError('"Packages" is not an object: not a renv.lock');
  const packages: Package[] = [];
  const requirements = new Map<Package, unknown>();
  const elsewhere: string[] = [];
  const errors: InventoryError[] = [];
  for (const [key, entry] of Object.entries(entries)) {
    if (!isRecord(entry)) {
      errors.push({ path, message: `package "${key}" is not an object: skipped` });
      continue;
    }
    const name = stringField(entry, "Package") ?? key;
    const version = stringField(entry, "Version") ?? "";
    const source = stringField(entry, "Source");
    const repository = stringField(entry, "Repository");
    if (!isCranLike(source, repository) || !version) {
      elsewhere.push(`${name} (${source ?? repository ?? "no source"})`);
      continue;
    }
    const pkg = newPackage({ ecosystem: "CRAN", name, version, locations: [{ path }] });
    if (stringField(entry, "Hash")) pkg.hashes = [`md5:${stringField(entry, "Hash")}`];
    packages.push(pkg);
    requirements.set(pkg, entry.Requirements);
  }
  addEdges(requirements);
  if (elsewhere.length > 0) {
    const message = `${elsewhere.length} package(s) not from a CRAN repository, not checked against CRAN advisories: ${elsewhere.join(", ")}`;
    errors.push({ path, message });
  }
  return errors.length > 0 ? { packages, errors } : { packages };
}

function addEdges(requirements: Map<Package, unknown>): void {
  const versions = new Map([...requirements.keys()].map((p) => [p.name, p.version]));
  for (const [pkg, names] of requirements) {
    if (!Array.isArray(names)) continue;
    for (const name of names) {
      const version = typeof name === "string" ? versions.get(name) : undefined;
      if (version !== undefined) pkg.dependencies.push(purlFor({ ecosystem: "CRAN", name, version }));
    }
  }
}

/** Bioconductor's repositories (BioCsoft, BioCann, ...) are not CRAN, nor is anything installed from a VCS. */
function isCranLike(source: string | undefined, repository: string | undefined): boolean {
  if (source !== undefined && source !== "Repository") return false;
  return repository !== undefined && repository !== "" && !/^BioC/i.test(repository);
}
