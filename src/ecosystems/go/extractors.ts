import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const GO_MOD_FORMAT: ExtractorDescriptor = {
  format: "go.mod",
  ecosystem: "Go",
  matches: fileNamed("go.mod"),
};

export const VENDOR_MODULES_FORMAT: ExtractorDescriptor = {
  format: "modules.txt",
  ecosystem: "Go",
  matches: fileNamed("vendor/modules.txt"),
};

/** This ecosystem's file formats, in the order the inventory tries them. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(GO_MOD_FORMAT, () => import("./go-mod.js").then((m) => m.goModExtractor)),
  lazyExtractor(VENDOR_MODULES_FORMAT, () =>
    import("./vendor-modules.js").then((m) => m.vendorModulesExtractor),
  ),
];
