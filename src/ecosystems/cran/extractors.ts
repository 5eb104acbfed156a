import type { Extractor } from "../types.js";
import { renvLockExtractor } from "./renv-lock.js";

/** CRAN file formats: renv.lock. */
export const extractors: Extractor[] = [renvLockExtractor];
