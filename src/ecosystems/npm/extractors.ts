import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const PACKAGE_LOCK_FORMAT: ExtractorDescriptor = {
  format: "package-lock.json",
  ecosystem: "npm",
  matches: fileNamed("package-lock.json"),
};

export const SHRINKWRAP_FORMAT: ExtractorDescriptor = {
  format: "npm-shrinkwrap.json",
  ecosystem: "npm",
  matches: fileNamed("npm-shrinkwrap.json"),
};

export const YARN_LOCK_FORMAT: ExtractorDescriptor = {
  format: "yarn.lock",
  ecosystem: "npm",
  matches: fileNamed("yarn.lock"),
};

export const PNPM_LOCK_FORMAT: ExtractorDescriptor = {
  format: "pnpm-lock.yaml",
  ecosystem: "npm",
  matches: fileNamed("pnpm-lock.yaml"),
};

export const BUN_LOCK_FORMAT: ExtractorDescriptor = {
  format: "bun.lock",
  ecosystem: "npm",
  matches: fileNamed("bun.lock"),
};

export const PACKAGE_JSON_FORMAT: ExtractorDescriptor = {
  format: "package.json",
  ecosystem: "npm",
  matches: fileNamed("package.json"),
};

/** Every npm lockfile and manifest format Bulwark reads. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(PACKAGE_LOCK_FORMAT, () => import("./package-lock.js").then((m) => m.packageLockExtractor)),
  lazyExtractor(SHRINKWRAP_FORMAT, () => import("./package-lock.js").then((m) => m.shrinkwrapExtractor)),
  lazyExtractor(YARN_LOCK_FORMAT, () => import("./yarn-lock.js").then((m) => m.yarnLockExtractor)),
  lazyExtractor(PNPM_LOCK_FORMAT, () => import("./pnpm-lock.js").then((m) => m.pnpmLockExtractor)),
  lazyExtractor(BUN_LOCK_FORMAT, () => import("./bun-lock.js").then((m) => m.bunLockExtractor)),
  lazyExtractor(PACKAGE_JSON_FORMAT, () => import("./package-json.js").then((m) => m.packageJsonExtractor)),
];
