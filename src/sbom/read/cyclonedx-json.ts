import { ExtractError } from "../../ecosystems/errors.js";
import { parseJsonText } from "../../ecosystems/json-text.js";
import { requireRecord } from "../../ecosystems/parse-text.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../../ecosystems/types.js";
import { cyclonedxGraph } from "./cyclonedx.js";
import { CYCLONEDX_JSON_FORMAT } from "./formats.js";
import { packagesFromGraph } from "./sbom-graph.js";

/** CycloneDX JSON (1.2–1.6): `bom.json`, `*.cdx.json`, `*.bom.json`. */
export const cyclonedxJsonExtractor: SyncExtractor = {
  ...CYCLONEDX_JSON_FORMAT,
  extract: ({ path, text }: ExtractInput) => readCyclonedxJson(path, text),
};

/** Reads a CycloneDX JSON document; throws ExtractError when it is not one. */
export function readCyclonedxJson(path: string, text: string): ExtractResult {
  const bom = requireRecord(parseJsonText(text, "CycloneDX JSON document"), "CycloneDX JSON document");
  if (bom.bomFormat !== "CycloneDX") {
    throw new ExtractError('not a CycloneDX document: "bomFormat" is not "CycloneDX"', {
      hint: "give a CycloneDX JSON SBOM (or an SPDX one)",
    });
  }
  return packagesFromGraph(path, cyclonedxGraph(bom));
}
