import type { Extractor } from "../types.js";
import { gleamTomlExtractor } from "./gleam-toml.js";
import { mixLockExtractor } from "./mix-lock.js";

/** Hex file formats: mix.lock (Elixir and Erlang projects), Gleam's gleam.toml. */
export const extractors: Extractor[] = [mixLockExtractor, gleamTomlExtractor];
