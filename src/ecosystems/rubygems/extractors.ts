import type { Extractor } from "../types.js";
import { gemfileLockExtractor } from "./gemfile-lock.js";
import { gemspecExtractor } from "./gemspec.js";

/** This ecosystem's file formats, in the order the inventory tries them. */
export const extractors: Extractor[] = [gemfileLockExtractor, gemspecExtractor];
