import type { Package } from "../../model/package.js";
import { newPackage, type PackageInput } from "../new-package.js";
import { purlFor } from "../purl.js";

/**
 * A package of the PyPI ecosystem. The name is kept as the file writes it (advisory matching normalises it,
 * PEP 503); an unresolved package (a declared range) gets a purl without version.
 */
export function pypiPackage(input: Omit<PackageInput, "ecosystem">): Package {
  const purl =
    input.resolved === false ? purlFor({ ecosystem: "PyPI", name: input.name, version: "" }) : undefined;
  return newPackage({ ecosystem: "PyPI", purl, ...input });
}

/** PEP 503 normalised name: lower case, runs of "-", "_" and "." become "-". */
export function normalizePypiName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, "-");
}

/** Groups in a stable order with the "production" names removed (`main`, `default`). */
export function cleanGroups(groups: Iterable<string>, production: readonly string[]): string[] {
  return [...new Set([...groups].filter((g) => !production.includes(g)))].sort();
}
