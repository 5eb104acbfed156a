import { Ajv, type ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import { lineAndColumn } from "../ecosystems/parse-text.js";
import { ExploitDataError } from "./errors.js";
import type { KevCatalogue } from "./exploit-data.js";
import { jsonPointerLine } from "./json-pointer-line.js";
import { type KevCatalogueDocument, KevCatalogueSchema } from "./kev-schema.js";

let validate: ReturnType<Ajv["compile"]> | undefined;

function validator() {
  if (!validate) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    addFormats.default(ajv, ["date", "date-time"]);
    validate = ajv.compile(KevCatalogueSchema);
  }
  return validate;
}

/**
 * Reads CISA's Known Exploited Vulnerabilities catalogue (JSON) strictly: valid JSON, valid against the
 * catalogue's published schema (kev-schema.ts), `count` equal to the number of entries (a cut-off download
 * fails here), no CVE listed twice. Every error is an ExploitDataError naming `source` and the line.
 */
export function parseKevCatalogue(text: string, source: string): KevCatalogue {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const at = position ? lineAndColumn(text, Number(position[1])) : lineAndColumn(text, text.length);
    const what = text.trim() === "" ? "the file is empty" : message;
    throw new ExploitDataError(`${source}: not valid JSON at line ${at.line}, column ${at.column}: ${what}`, {
      details: { path: source, line: at.line, column: at.column },
      hint: "check that the file is the complete KEV catalogue (known_exploited_vulnerabilities.json)",
    });
  }
  const check = validator();
  if (!check(doc)) {
    const error = check.errors?.[0] as ErrorObject;
    const line = jsonPointerLine(text, error.instancePath) ?? 1;
    throw new ExploitDataError(`${source}: line ${line}: ${describe(error)}`, {
      details: { path: source, line, pointer: error.instancePath },
      hint: "this is not a CISA KEV catalogue, or a damaged copy: download it again",
    });
  }
  const catalogue = doc as KevCatalogueDocument;
  if (catalogue.count !== catalogue.vulnerabilities.length)
    throw new ExploitDataError(
      `${source}: the catalogue says it holds ${catalogue.count} vulnerabilities but lists ${catalogue.vulnerabilities.length}`,
      {
        details: { path: source, line: jsonPointerLine(text, "/count") ?? 1 },
        hint: "the file is incomplete or was edited: download it again",
      },
    );
  const seen = new Set<string>();
  for (const [i, entry] of catalogue.vulnerabilities.entries()) {
    if (seen.has(entry.cveID)) {
      const line = jsonPointerLine(text, `/vulnerabilities/${i}/cveID`) ?? 1;
      throw new ExploitDataError(`${source}: line ${line}: ${entry.cveID} is listed twice`, {
        details: { path: source, line, cve: entry.cveID },
      });
    }
    seen.add(entry.cveID);
  }
  return {
    catalogVersion: catalogue.catalogVersion,
    dateReleased: catalogue.dateReleased,
    entries: catalogue.vulnerabilities,
  };
}

/** An ajv error in words: the field as a path (`vulnerabilities[17].dueDate`) and what is wrong with it. */
function describe(error: ErrorObject): string {
  const field =
    error.instancePath
      .split("/")
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
      .join("")
      .replace(/^\./, "") || "the catalogue";
  if (error.keyword === "required")
    return `${field}: "${(error.params as { missingProperty: string }).missingProperty}" is required`;
  if (error.keyword === "format")
    return `${field} must be a ${(error.params as { format: string }).format === "date" ? "date (YYYY-MM-DD)" : "date-time"}`;
  if (error.keyword === "pattern")
    return `${field} must match ${(error.params as { pattern: string }).pattern}`;
  return `${field} ${error.message ?? "is invalid"}`;
}
