import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const pypi: EcosystemDefinition = {
  names: ["PyPI"],
  versions,
  // PEP 503 normalisation
  normalizeName: (name) =>
    name
      .trim()
      .toLowerCase()
      .replace(/[-_.]+/g, "-"),
  extractors,
};
