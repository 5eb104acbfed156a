import type { Extractor } from "../ecosystems/types.js";

/** Extractors reading SBOMs (CycloneDX, SPDX) as inventory input. */
export const sbomExtractors: Extractor[] = [];
