import type { Extractor } from "../types.js";
import { goModExtractor } from "./go-mod.js";
import { vendorModulesExtractor } from "./vendor-modules.js";

/** This ecosystem's file formats, in the order the inventory tries them. */
export const extractors: Extractor[] = [goModExtractor, vendorModulesExtractor];
