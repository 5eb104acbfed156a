import type { Extractor } from "../types.js";
import { packageLockExtractor, shrinkwrapExtractor } from "./package-lock.js";

/** Every npm lockfile and manifest format Bulwark reads. */
export const extractors: Extractor[] = [packageLockExtractor, shrinkwrapExtractor];
