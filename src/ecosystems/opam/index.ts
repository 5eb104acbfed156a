import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const opam: EcosystemDefinition = {
  names: ["opam"],
  versions,
  normalizeName: (name) => name.trim(),
  extractors,
};
