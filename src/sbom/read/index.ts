import { ExtractError } from "../../ecosystems/errors.js";
import type { ExtractResult, SyncExtractor } from "../../ecosystems/types.js";
import { cyclonedxJsonExtractor, readCyclonedxJson } from "./cyclonedx-json.js";
import { cyclonedxXmlExtractor, readCyclonedxXml } from "./cyclonedx-xml.js";
import { sniffSbom } from "./sniff.js";
import { readSpdxJson, spdxJsonExtractor, spdxYamlExtractor } from "./spdx-json.js";
import { readSpdxTagValue, spdxTagValueExtractor } from "./spdx-tag-value.js";

export { type SbomFormat, sniffSbom } from "./sniff.js";

/** The SBOM readers, each matching its usual file names. */
export const sbomReaders: SyncExtractor[] = [
  cyclonedxJsonExtractor,
  cyclonedxXmlExtractor,
  spdxJsonExtractor,
  spdxYamlExtractor,
  spdxTagValueExtractor,
];

/**
 * Reads an SBOM of any supported format, recognised by content whatever the file is called (the scan's
 * `--sbom FILE`). Packages are keyed by purl; components without a usable purl are counted in `errors`.
 * Throws ExtractError (code PARSE_FAILED; the message leaves the path to the caller) when the text is no SBOM Bulwark reads.
 */
export function readSbom(text: string, path: string): ExtractResult {
  switch (sniffSbom(text)) {
    case "cyclonedx-json":
      return readCyclonedxJson(path, text);
    case "cyclonedx-xml":
      return readCyclonedxXml(path, text);
    case "spdx-json":
      return readSpdxJson(path, text);
    case "spdx-tag-value":
      return readSpdxTagValue(path, text);
    case "spdx-yaml":
      return spdxYamlExtractor.extract({ path, text, readFile: async () => undefined });
    default:
      throw new ExtractError("not an SBOM Bulwark reads", {
        hint: "give CycloneDX (JSON or XML, 1.2–1.6) or SPDX 2.x (JSON, YAML or tag-value)",
      });
  }
}
