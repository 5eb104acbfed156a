import type { Extractor } from "../types.js";
import { gemfileLockExtractor } from "./gemfile-lock.js";

export const extractors: Extractor[] = [gemfileLockExtractor];
