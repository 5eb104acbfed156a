import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const alpine: EcosystemDefinition = {
  names: ["Alpine", "Wolfi", "Chainguard", "Alpaquita", "MinimOS"],
  versions,
  normalizeName: (name) => name.trim(),
  extractors,
};
