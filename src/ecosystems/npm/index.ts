import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const npm: EcosystemDefinition = {
  names: ["npm"],
  versions,
  // npm names are lower case; legacy mixed-case names are matched case-insensitively
  normalizeName: (name) => name.trim().toLowerCase(),
  extractors,
};
