import type { Extractor } from "../types.js";
import { composerLockExtractor } from "./composer-lock.js";

/** This ecosystem's file formats, in the order the inventory tries them. */
export const extractors: Extractor[] = [composerLockExtractor];
