import type { Extractor } from "../types.js";
import { pdmLockExtractor } from "./pdm-lock.js";
import { pipfileLockExtractor } from "./pipfile-lock.js";
import { poetryLockExtractor } from "./poetry-lock.js";
import { pylockExtractor } from "./pylock.js";
import { requirementsExtractor } from "./requirements.js";
import { uvLockExtractor } from "./uv-lock.js";

/** Every Python lockfile and requirements format Bulwark reads. */
export const extractors: Extractor[] = [
  requirementsExtractor,
  poetryLockExtractor,
  pipfileLockExtractor,
  pdmLockExtractor,
  uvLockExtractor,
  pylockExtractor,
];
