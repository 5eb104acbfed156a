import { lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const STACK_LOCK_FORMAT: ExtractorDescriptor = {
  format: "stack.yaml.lock",
  ecosystem: "Hackage",
  matches: (path) => /(^|\/)stack\.yaml\.lock$/.test(path),
};

export const CABAL_FREEZE_FORMAT: ExtractorDescriptor = {
  format: "cabal.project.freeze",
  ecosystem: "Hackage",
  matches: (path) => /(^|\/)cabal\.project\.freeze$/.test(path),
};

/** Hackage file formats: stack.yaml.lock and cabal.project.freeze. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(STACK_LOCK_FORMAT, () => import("./stack-lock.js").then((m) => m.stackLockExtractor)),
  lazyExtractor(CABAL_FREEZE_FORMAT, () => import("./cabal-freeze.js").then((m) => m.cabalFreezeExtractor)),
];
