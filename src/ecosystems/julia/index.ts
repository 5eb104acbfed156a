import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const julia: EcosystemDefinition = {
  names: ["Julia"],
  versions,
  normalizeName: (name) => name.trim(),
  extractors,
};
