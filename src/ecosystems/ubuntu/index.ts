import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const ubuntu: EcosystemDefinition = {
  names: ["Ubuntu"],
  versions,
  normalizeName: (name) => name.trim(),
  extractors,
};
