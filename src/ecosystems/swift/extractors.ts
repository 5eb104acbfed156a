import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const PACKAGE_RESOLVED_FORMAT: ExtractorDescriptor = {
  format: "Package.resolved",
  ecosystem: "SwiftURL",
  matches: fileNamed("Package.resolved"),
};

/** SwiftURL file formats: SwiftPM's Package.resolved. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(PACKAGE_RESOLVED_FORMAT, () =>
    import("./package-resolved.js").then((m) => m.packageResolvedExtractor),
  ),
];
