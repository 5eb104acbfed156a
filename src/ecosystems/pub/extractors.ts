import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const PUBSPEC_LOCK_FORMAT: ExtractorDescriptor = {
  format: "pubspec.lock",
  ecosystem: "Pub",
  matches: fileNamed("pubspec.lock"),
};

/** Pub file formats: pubspec.lock. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(PUBSPEC_LOCK_FORMAT, () => import("./pubspec-lock.js").then((m) => m.pubspecLockExtractor)),
];
