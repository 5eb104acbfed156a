import type { ExtractorDescriptor } from "../../ecosystems/types.js";

// The SBOM formats by file name, kept apart from their readers so the inventory can list them without
// loading a parser. SBOMs hold packages of any ecosystem, hence the empty `ecosystem`.

/** CycloneDX JSON (1.2–1.6): `bom.json`, `*.cdx.json`, `*.bom.json`. */
export const CYCLONEDX_JSON_FORMAT: ExtractorDescriptor = {
  format: "bom.json",
  ecosystem: "",
  matches: (path) => /(^|\/)(bom\.json|[^/]+\.(cdx|bom)\.json)$/i.test(path),
};

/** CycloneDX XML (1.2–1.6): `bom.xml`, `*.cdx.xml`, `*.bom.xml`. */
export const CYCLONEDX_XML_FORMAT: ExtractorDescriptor = {
  format: "bom.xml",
  ecosystem: "",
  matches: (path) => /(^|\/)(bom\.xml|[^/]+\.(cdx|bom)\.xml)$/i.test(path),
};

/** SPDX 2.x JSON: `*.spdx.json`. */
export const SPDX_JSON_FORMAT: ExtractorDescriptor = {
  format: "spdx.json",
  ecosystem: "",
  matches: (path) => /\.spdx\.json$/i.test(path),
};

/** SPDX 2.x YAML (`*.spdx.yaml`, `*.spdx.yml`). */
export const SPDX_YAML_FORMAT: ExtractorDescriptor = {
  format: "spdx.yaml",
  ecosystem: "",
  matches: (path) => /\.spdx\.ya?ml$/i.test(path),
};

/** SPDX 2.x tag-value: `*.spdx`. */
export const SPDX_TAG_VALUE_FORMAT: ExtractorDescriptor = {
  format: "spdx",
  ecosystem: "",
  matches: (path) => /\.spdx$/i.test(path),
};
