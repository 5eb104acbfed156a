import type { Extractor } from "../types.js";
import { depsJsonExtractor } from "./deps-json.js";
import { packageReferenceExtractor } from "./package-reference.js";
import { packagesConfigExtractor } from "./packages-config.js";
import { packagesLockJsonExtractor } from "./packages-lock-json.js";

/** NuGet file formats: the lockfile, packages.config, MSBuild PackageReference / central versions, deps.json. */
export const extractors: Extractor[] = [
  packagesLockJsonExtractor,
  packagesConfigExtractor,
  packageReferenceExtractor,
  depsJsonExtractor,
];
