import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const hex: EcosystemDefinition = {
  names: ["Hex"],
  versions,
  normalizeName: (name) => name.trim().toLowerCase(),
  extractors,
};
