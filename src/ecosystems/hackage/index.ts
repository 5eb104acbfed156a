import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const hackage: EcosystemDefinition = {
  names: ["Hackage", "GHC"],
  versions,
  // Hackage names are case-sensitive
  normalizeName: (name) => name.trim(),
  extractors,
};
