import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const MIX_LOCK_FORMAT: ExtractorDescriptor = {
  format: "mix.lock",
  ecosystem: "Hex",
  matches: fileNamed("mix.lock"),
};

export const GLEAM_MANIFEST_FORMAT: ExtractorDescriptor = {
  format: "manifest.toml",
  ecosystem: "Hex",
  matches: fileNamed("manifest.toml"),
};

export const GLEAM_TOML_FORMAT: ExtractorDescriptor = {
  format: "gleam.toml",
  ecosystem: "Hex",
  matches: fileNamed("gleam.toml"),
};

/** Hex file formats: mix.lock (Elixir and Erlang projects), Gleam's manifest.toml (lockfile) and gleam.toml. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(MIX_LOCK_FORMAT, () => import("./mix-lock.js").then((m) => m.mixLockExtractor)),
  lazyExtractor(GLEAM_MANIFEST_FORMAT, () =>
    import("./gleam-manifest.js").then((m) => m.gleamManifestExtractor),
  ),
  lazyExtractor(GLEAM_TOML_FORMAT, () => import("./gleam-toml.js").then((m) => m.gleamTomlExtractor)),
];
