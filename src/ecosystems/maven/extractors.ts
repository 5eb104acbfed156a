import type { Extractor } from "../types.js";
import { gradleLockfileExtractor } from "./gradle-lockfile.js";

export const extractors: Extractor[] = [gradleLockfileExtractor];
