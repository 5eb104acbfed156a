import { BULWARK_INVENTORY_FORMAT } from "../inventory/json-format.js";
import {
  CYCLONEDX_JSON_FORMAT,
  CYCLONEDX_XML_FORMAT,
  SPDX_JSON_FORMAT,
  SPDX_TAG_VALUE_FORMAT,
} from "./read/formats.js";

/**
 * The format of a document given without a file name (an upload), recognised from its first bytes: CycloneDX
 * JSON or XML, SPDX JSON or tag-value, or Bulwark's inventory JSON. Undefined when it is none of them. Only a
 * short prefix is examined, so this is cheap on a 50 MB body; the reader of the format validates the rest.
 */
export function detectDocumentFormat(text: string): string | undefined {
  const head = text
    .slice(0, 64 * 1024)
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (head.startsWith("<")) return /<bom[\s>]/.test(head) ? CYCLONEDX_XML_FORMAT.format : undefined;
  if (/^SPDXVersion:\s*SPDX-/m.test(head)) return SPDX_TAG_VALUE_FORMAT.format;
  if (!head.startsWith("{")) return undefined;
  if (/"bomFormat"\s*:\s*"CycloneDX"/.test(head)) return CYCLONEDX_JSON_FORMAT.format;
  if (/"spdxVersion"\s*:\s*"SPDX-/.test(head)) return SPDX_JSON_FORMAT.format;
  if (/"packages"\s*:/.test(head) && /"sources"\s*:/.test(text)) return BULWARK_INVENTORY_FORMAT.format;
  return undefined;
}
