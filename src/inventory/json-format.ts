import type { ExtractorDescriptor } from "../ecosystems/types.js";

/**
 * `bulwark inventory --format json` output read back as input, recognised by name (`*.inventory.json`,
 * `bulwark-inventory.json`); kept apart from its reader so the registry lists it without loading it.
 */
export const BULWARK_INVENTORY_FORMAT: ExtractorDescriptor = {
  format: "bulwark-inventory.json",
  ecosystem: "",
  matches: (path) => /(^|\/)(bulwark-inventory|[^/]+\.inventory)\.json$/i.test(path),
};
