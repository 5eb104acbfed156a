import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const pub: EcosystemDefinition = {
  names: ["Pub"],
  versions,
  normalizeName: (name) => name.trim().toLowerCase(),
  extractors,
};
