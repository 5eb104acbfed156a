import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const maven: EcosystemDefinition = {
  names: ["Maven"],
  versions,
  // group:artifact, case-sensitive as Maven Central is
  normalizeName: (name) => name.trim().replace(/\s*:\s*/g, ":"),
  extractors,
};
