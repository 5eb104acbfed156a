import type { Extractor } from "../types.js";
import { pubspecLockExtractor } from "./pubspec-lock.js";

/** Pub file formats: pubspec.lock. */
export const extractors: Extractor[] = [pubspecLockExtractor];
