import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const rubygems: EcosystemDefinition = {
  names: ["RubyGems"],
  versions,
  // gem names are case-sensitive
  normalizeName: (name) => name.trim(),
  extractors,
};
