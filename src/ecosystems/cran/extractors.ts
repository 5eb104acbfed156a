import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const RENV_LOCK_FORMAT: ExtractorDescriptor = {
  format: "renv.lock",
  ecosystem: "CRAN",
  matches: fileNamed("renv.lock"),
};

/** CRAN file formats: renv.lock. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(RENV_LOCK_FORMAT, () => import("./renv-lock.js").then((m) => m.renvLockExtractor)),
];
