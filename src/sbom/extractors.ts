import { lazyExtractor } from "../ecosystems/extractor-entry.js";
import type { ExtractorEntry } from "../ecosystems/types.js";
import { BULWARK_INVENTORY_FORMAT } from "../inventory/json-format.js";
import {
  CYCLONEDX_JSON_FORMAT,
  CYCLONEDX_XML_FORMAT,
  SPDX_JSON_FORMAT,
  SPDX_TAG_VALUE_FORMAT,
  SPDX_YAML_FORMAT,
} from "./read/formats.js";

/**
 * Extractors reading SBOMs (CycloneDX, SPDX) and Bulwark's own inventory JSON as inventory input; each reader
 * loads on first use.
 */
export const sbomExtractors: ExtractorEntry[] = [
  lazyExtractor(CYCLONEDX_JSON_FORMAT, () =>
    import("./read/cyclonedx-json.js").then((m) => m.cyclonedxJsonExtractor),
  ),
  lazyExtractor(CYCLONEDX_XML_FORMAT, () =>
    import("./read/cyclonedx-xml.js").then((m) => m.cyclonedxXmlExtractor),
  ),
  lazyExtractor(SPDX_JSON_FORMAT, () => import("./read/spdx-json.js").then((m) => m.spdxJsonExtractor)),
  lazyExtractor(SPDX_YAML_FORMAT, () => import("./read/spdx-json.js").then((m) => m.spdxYamlExtractor)),
  lazyExtractor(SPDX_TAG_VALUE_FORMAT, () =>
    import("./read/spdx-tag-value.js").then((m) => m.spdxTagValueExtractor),
  ),
  lazyExtractor(BULWARK_INVENTORY_FORMAT, () =>
    import("../inventory/json-reader.js").then((m) => m.bulwarkInventoryExtractor),
  ),
];
