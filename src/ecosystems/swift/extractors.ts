import type { Extractor } from "../types.js";
import { packageResolvedExtractor } from "./package-resolved.js";

/** SwiftURL file formats: SwiftPM's Package.resolved. */
export const extractors: Extractor[] = [packageResolvedExtractor];
