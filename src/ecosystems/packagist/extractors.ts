import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const COMPOSER_LOCK_FORMAT: ExtractorDescriptor = {
  format: "composer.lock",
  ecosystem: "Packagist",
  matches: fileNamed("composer.lock"),
};

/** This ecosystem's file formats, in the order the inventory tries them. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(COMPOSER_LOCK_FORMAT, () =>
    import("./composer-lock.js").then((m) => m.composerLockExtractor),
  ),
];
