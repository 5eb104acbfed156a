import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const debian: EcosystemDefinition = {
  names: ["Debian"],
  versions,
  // source or binary package names as dpkg writes them
  normalizeName: (name) => name.trim(),
  extractors,
};
