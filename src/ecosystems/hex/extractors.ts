import type { Extractor } from "../types.js";
import { gleamManifestExtractor } from "./gleam-manifest.js";
import { gleamTomlExtractor } from "./gleam-toml.js";
import { mixLockExtractor } from "./mix-lock.js";

/** Hex file formats: mix.lock (Elixir and Erlang projects), Gleam's manifest.toml (lockfile) and gleam.toml. */
export const extractors: Extractor[] = [mixLockExtractor, gleamManifestExtractor, gleamTomlExtractor];
