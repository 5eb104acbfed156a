import type { Extractor } from "../types.js";
import { conanLockExtractor } from "./conan-lock.js";

/** ConanCenter file formats: conan.lock (Conan 1 graph locks and Conan 2 lockfiles). */
export const extractors: Extractor[] = [conanLockExtractor];
