import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const githubActions: EcosystemDefinition = {
  names: ["GitHub Actions"],
  versions,
  // owner/repo, case-insensitive as GitHub is
  normalizeName: (name) => name.trim().toLowerCase(),
  extractors,
};
