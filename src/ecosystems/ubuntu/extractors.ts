import type { ExtractorEntry } from "../types.js";

export const extractors: ExtractorEntry[] = [];
