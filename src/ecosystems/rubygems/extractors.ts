import { lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const GEMFILE_LOCK_FORMAT: ExtractorDescriptor = {
  format: "Gemfile.lock",
  ecosystem: "RubyGems",
  matches: (path) => /(^|\/)(Gemfile\.lock|gems\.locked)$/.test(path),
};

export const GEMSPEC_FORMAT: ExtractorDescriptor = {
  format: "gemspec",
  ecosystem: "RubyGems",
  matches: (path) => path.endsWith(".gemspec"),
};

/** This ecosystem's file formats, in the order the inventory tries them. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(GEMFILE_LOCK_FORMAT, () => import("./gemfile-lock.js").then((m) => m.gemfileLockExtractor)),
  lazyExtractor(GEMSPEC_FORMAT, () => import("./gemspec.js").then((m) => m.gemspecExtractor)),
];
