import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const cargo: EcosystemDefinition = {
  names: ["crates.io"],
  versions,
  // crates.io names are case-insensitive
  normalizeName: (name) => name.trim().toLowerCase(),
  extractors,
};
