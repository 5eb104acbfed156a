import type { Extractor } from "../types.js";
import { cabalFreezeExtractor } from "./cabal-freeze.js";
import { stackLockExtractor } from "./stack-lock.js";

/** Hackage file formats: stack.yaml.lock and cabal.project.freeze. */
export const extractors: Extractor[] = [stackLockExtractor, cabalFreezeExtractor];
