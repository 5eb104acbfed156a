import type { Extractor } from "../types.js";
import { gemfileLockExtractor } from "./gemfile-lock.js";
import { gemspecExtractor } from "./gemspec.js";

export const extractors: Extractor[] = [gemfileLockExtractor, gemspecExtractor];
