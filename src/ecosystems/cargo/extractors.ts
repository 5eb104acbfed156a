import type { Extractor } from "../types.js";
import { cargoLockExtractor } from "./cargo-lock.js";
import { cargoTomlExtractor } from "./cargo-toml.js";

/** This ecosystem's file formats, in the order the inventory tries them. */
export const extractors: Extractor[] = [cargoLockExtractor, cargoTomlExtractor];
