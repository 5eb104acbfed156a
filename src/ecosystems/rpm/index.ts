import type { EcosystemDefinition } from "../types.js";
import { extractors } from "./extractors.js";
import { versions } from "./version.js";

export const rpm: EcosystemDefinition = {
  names: [
    "Red Hat",
    "Rocky Linux",
    "AlmaLinux",
    "SUSE",
    "openSUSE",
    "openEuler",
    "Photon OS",
    "Mageia",
    "Azure Linux",
  ],
  versions,
  normalizeName: (name) => name.trim(),
  extractors,
};
