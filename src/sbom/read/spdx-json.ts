import { ExtractError } from "../../ecosystems/errors.js";
import { parseJsonText } from "../../ecosystems/json-text.js";
import { normalizeLineBreaks } from "../../ecosystems/line-breaks.js";
import { requireRecord, stringField } from "../../ecosystems/parse-text.js";
import { parseYamlText } from "../../ecosystems/parse-yaml.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../../ecosystems/types.js";
import { SPDX_JSON_FORMAT, SPDX_YAML_FORMAT } from "./formats.js";
import { packagesFromGraph } from "./sbom-graph.js";
import { spdxGraph } from "./spdx.js";

/** SPDX 2.x JSON: `*.spdx.json`. */
export const spdxJsonExtractor: SyncExtractor = {
  ...SPDX_JSON_FORMAT,
  extract: ({ path, text }: ExtractInput) => readSpdxJson(path, text),
};

/** SPDX 2.x YAML (`*.spdx.yaml`, `*.spdx.yml`): the JSON model written as YAML. */
export const spdxYamlExtractor: SyncExtractor = {
  ...SPDX_YAML_FORMAT,
  extract: ({ path, text }: ExtractInput) =>
    readSpdxDocument(path, parseYamlText(normalizeLineBreaks(text), "SPDX YAML document")),
};

/** Reads an SPDX 2.x JSON document; throws ExtractError when it is not one. */
export function readSpdxJson(path: string, text: string): ExtractResult {
  return readSpdxDocument(path, parseJsonText(text, "SPDX JSON document"));
}

function readSpdxDocument(path: string, value: unknown): ExtractResult {
  const doc = requireRecord(value, "SPDX document");
  const version = stringField(doc, "spdxVersion");
  if (!version?.startsWith("SPDX-2.")) {
    throw new ExtractError(`not an SPDX 2.x document: "spdxVersion" is ${version ?? "missing"}`, {
      hint: "give an SPDX 2.2/2.3 document (or a CycloneDX one)",
    });
  }
  return packagesFromGraph(path, spdxGraph(doc));
}
