import type { Extractor } from "../types.js";

export const extractors: Extractor[] = [];
