import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import AjvDraft07 from "ajv";
import Ajv2019 from "ajv/dist/2019.js";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { corpusPath } from "./corpus.js";

// Validators for the official schemas in the corpus (CycloneDX 1.5-1.7, SPDX 2.3, SARIF 2.1.0, OSV), compiled
// once per process. Tests of every generated document go through these, with the real schemas.

const cache = new Map<string, ValidateFunction>();

/** ajv-formats lacks the internationalised formats CycloneDX uses; accept them as their ASCII forms' supersets. */
function addIriFormats(ajv: {
  addFormat(name: string, format: RegExp | ((s: string) => boolean)): unknown;
}): void {
  ajv.addFormat("iri-reference", (s: string) => !/\s/.test(s));
  ajv.addFormat("idn-email", /^[^\s@]+@[^\s@]+$/);
}

function load(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(corpusPath("schemas", path), "utf8"));
}

function compile(key: string, build: () => ValidateFunction): ValidateFunction {
  let validate = cache.get(key);
  if (!validate) {
    validate = build();
    cache.set(key, validate);
  }
  return validate;
}

/** The validator of a CycloneDX JSON schema version ("1.5", "1.6", "1.7"). */
export function cycloneDxValidator(version = "1.6"): ValidateFunction {
  return compile(`cyclonedx-${version}`, () => {
    const ajv = new AjvDraft07.default({ strict: false, allErrors: true });
    addIriFormats(ajv);
    addFormats.default(ajv);
    ajv.addSchema(load("cyclonedx/spdx.schema.json"), "spdx.schema.json");
    ajv.addSchema(load("cyclonedx/jsf-0.82.schema.json"), "jsf-0.82.schema.json");
    return ajv.compile(load(`cyclonedx/bom-${version}.schema.json`));
  });
}

/** The validator of the SPDX 2.3 JSON schema. */
export function spdxValidator(): ValidateFunction {
  return compile("spdx-2.3", () => {
    const ajv = new Ajv2019.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    return ajv.compile(load("spdx/spdx-2.3.schema.json"));
  });
}

/** The validator of the SARIF 2.1.0 JSON schema (draft-04). */
export function sarifValidator(): ValidateFunction {
  return compile("sarif-2.1.0", () => {
    const ajv = new AjvDraft04.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    return ajv.compile(load("sarif/sarif-schema-2.1.0.json"));
  });
}

/** Validates and returns readable errors ("" when valid), for assertion messages. */
export function schemaErrors(validate: ValidateFunction, document: unknown): string {
  if (validate(document)) return "";
  return (validate.errors ?? [])
    .slice(0, 10)
    .map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message}`)
    .join("\n");
}
