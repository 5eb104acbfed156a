import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const cocoapods: EcosystemDefinition = {
  names: ["CocoaPods"],
  versions,
  normalizeName: (name) => name.trim(),
  extractors,
};
