import type { Extractor } from "../types.js";
import { bunLockExtractor } from "./bun-lock.js";
import { packageJsonExtractor } from "./package-json.js";
import { packageLockExtractor, shrinkwrapExtractor } from "./package-lock.js";
import { pnpmLockExtractor } from "./pnpm-lock.js";
import { yarnLockExtractor } from "./yarn-lock.js";

/** Every npm lockfile and manifest format Bulwark reads. */
export const extractors: Extractor[] = [
  packageLockExtractor,
  shrinkwrapExtractor,
  yarnLockExtractor,
  pnpmLockExtractor,
  bunLockExtractor,
  packageJsonExtractor,
];
