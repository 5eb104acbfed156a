import type { Extractor } from "../types.js";
import { goModExtractor } from "./go-mod.js";
import { vendorModulesExtractor } from "./vendor-modules.js";

export const extractors: Extractor[] = [goModExtractor, vendorModulesExtractor];
