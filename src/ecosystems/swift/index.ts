import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const swift: EcosystemDefinition = {
  names: ["SwiftURL"],
  versions,
  // repository URLs without scheme or .git
  normalizeName: (name) =>
    name
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, "")
      .replace(/\.git$/, ""),
  extractors,
};
