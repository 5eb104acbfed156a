import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const packagist: EcosystemDefinition = {
  names: ["Packagist"],
  versions,
  // Composer names are case-insensitive
  normalizeName: (name) => name.trim().toLowerCase(),
  extractors,
};
