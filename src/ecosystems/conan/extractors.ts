import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const CONAN_LOCK_FORMAT: ExtractorDescriptor = {
  format: "conan.lock",
  ecosystem: "ConanCenter",
  matches: fileNamed("conan.lock"),
};

/** ConanCenter file formats: conan.lock (Conan 1 graph locks and Conan 2 lockfiles). */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(CONAN_LOCK_FORMAT, () => import("./conan-lock.js").then((m) => m.conanLockExtractor)),
];
