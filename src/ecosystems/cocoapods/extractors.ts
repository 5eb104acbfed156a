import type { Extractor } from "../types.js";
import { podfileLockExtractor } from "./podfile-lock.js";

/** CocoaPods file formats: Podfile.lock. */
export const extractors: Extractor[] = [podfileLockExtractor];
