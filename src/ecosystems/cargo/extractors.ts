import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const CARGO_LOCK_FORMAT: ExtractorDescriptor = {
  format: "Cargo.lock",
  ecosystem: "crates.io",
  matches: fileNamed("Cargo.lock"),
};

export const CARGO_TOML_FORMAT: ExtractorDescriptor = {
  format: "Cargo.toml",
  ecosystem: "crates.io",
  matches: fileNamed("Cargo.toml"),
};

/** This ecosystem's file formats, in the order the inventory tries them. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(CARGO_LOCK_FORMAT, () => import("./cargo-lock.js").then((m) => m.cargoLockExtractor)),
  lazyExtractor(CARGO_TOML_FORMAT, () => import("./cargo-toml.js").then((m) => m.cargoTomlExtractor)),
];
