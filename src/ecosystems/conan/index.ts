import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const conan: EcosystemDefinition = {
  names: ["ConanCenter"],
  versions,
  normalizeName: (name) => name.trim().toLowerCase(),
  extractors,
};
