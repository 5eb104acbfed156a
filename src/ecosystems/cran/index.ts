import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const cran: EcosystemDefinition = {
  names: ["CRAN", "Bioconductor"],
  versions,
  // CRAN names are case-sensitive
  normalizeName: (name) => name.trim(),
  extractors,
};
