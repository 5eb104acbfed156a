import type { Extractor } from "../types.js";
import { cargoLockExtractor } from "./cargo-lock.js";
import { cargoTomlExtractor } from "./cargo-toml.js";

export const extractors: Extractor[] = [cargoLockExtractor, cargoTomlExtractor];
