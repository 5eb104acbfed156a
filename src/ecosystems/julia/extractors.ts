import type { Extractor } from "../types.js";
import { manifestTomlExtractor } from "./manifest-toml.js";

/** Julia file formats: Manifest.toml. */
export const extractors: Extractor[] = [manifestTomlExtractor];
