import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const nuget: EcosystemDefinition = {
  names: ["NuGet"],
  versions,
  // NuGet ids are case-insensitive
  normalizeName: (name) => name.trim().toLowerCase(),
  extractors,
};
