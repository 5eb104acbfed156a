import type { Package } from "../model/package.js";
import { purlFor } from "./purl.js";

/** What an extractor must say about a package; everything else has a default. */
export type PackageInput = Pick<Package, "ecosystem" | "name" | "version"> & Partial<Package>;

/**
 * Builds a Package with defaults (no groups, no edges, resolved) and its purl computed from ecosystem, name
 * and version. Extractors use this so every package has the same shape.
 */
export function newPackage(input: PackageInput): Package {
  return {
    groups: [],
    locations: [],
    dependencies: [],
    resolved: true,
    ...input,
    purl: input.purl ?? purlFor(input),
  };
}
