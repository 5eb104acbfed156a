import type { Extractor } from "../ecosystems/types.js";
import { sbomReaders } from "./read/index.js";

/** Extractors reading SBOMs (CycloneDX, SPDX) as inventory input. */
export const sbomExtractors: Extractor[] = sbomReaders;
