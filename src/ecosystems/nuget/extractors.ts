import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

const PROJECT_FILE = /(^|\/)[^/]+\.(csproj|fsproj|vbproj)$/i;
/** Central package management and shared build props, which hold versions for the projects below them. */
export const CENTRAL_FILE = /(^|\/)Directory\.(Packages|Build)\.props$/i;

export const PACKAGES_LOCK_JSON_FORMAT: ExtractorDescriptor = {
  format: "packages.lock.json",
  ecosystem: "NuGet",
  matches: fileNamed("packages.lock.json"),
};

export const PACKAGES_CONFIG_FORMAT: ExtractorDescriptor = {
  format: "packages.config",
  ecosystem: "NuGet",
  matches: fileNamed("packages.config"),
};

export const PACKAGE_REFERENCE_FORMAT: ExtractorDescriptor = {
  format: "csproj",
  ecosystem: "NuGet",
  matches: (path) => PROJECT_FILE.test(path) || CENTRAL_FILE.test(path),
};

export const DEPS_JSON_FORMAT: ExtractorDescriptor = {
  format: "deps.json",
  ecosystem: "NuGet",
  matches: (path) => path.endsWith(".deps.json"),
};

/** NuGet file formats: the lockfile, packages.config, MSBuild PackageReference / central versions, deps.json. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(PACKAGES_LOCK_JSON_FORMAT, () =>
    import("./packages-lock-json.js").then((m) => m.packagesLockJsonExtractor),
  ),
  lazyExtractor(PACKAGES_CONFIG_FORMAT, () =>
    import("./packages-config.js").then((m) => m.packagesConfigExtractor),
  ),
  lazyExtractor(PACKAGE_REFERENCE_FORMAT, () =>
    import("./package-reference.js").then((m) => m.packageReferenceExtractor),
  ),
  lazyExtractor(DEPS_JSON_FORMAT, () => import("./deps-json.js").then((m) => m.depsJsonExtractor)),
];
