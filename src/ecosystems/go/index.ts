import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const go: EcosystemDefinition = {
  names: ["Go"],
  versions,
  // module paths are case-sensitive
  normalizeName: (name) => name.trim(),
  extractors,
};
