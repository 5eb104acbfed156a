import { lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const MANIFEST_TOML_FORMAT: ExtractorDescriptor = {
  format: "Manifest.toml",
  ecosystem: "Julia",
  matches: (path) => /(^|\/)(Julia)?Manifest(-v[\d.]+)?\.toml$/.test(path),
};

/** Julia file formats: Manifest.toml. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(MANIFEST_TOML_FORMAT, () =>
    import("./manifest-toml.js").then((m) => m.manifestTomlExtractor),
  ),
];
