import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const PODFILE_LOCK_FORMAT: ExtractorDescriptor = {
  format: "Podfile.lock",
  ecosystem: "CocoaPods",
  matches: fileNamed("Podfile.lock"),
};

/** CocoaPods file formats: Podfile.lock. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(PODFILE_LOCK_FORMAT, () => import("./podfile-lock.js").then((m) => m.podfileLockExtractor)),
];
