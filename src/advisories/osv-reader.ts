import yaml from "js-yaml";
import type { OsvRecord } from "../model/osv.js";
import { validateOsvRecord } from "./osv-schema.js";

/** A record (or a whole file) that could not be used, with the place and the reason. */
export interface InvalidRecord {
  /** The file, zip entry ("all.zip!GHSA-x.json") or URL the record came from. */
  file: string;
  /** The record's id when it could be read. */
  id?: string;
  reason: string;
}

/** What one OSV document yielded: valid records and the reasons for the rejected ones. */
export interface ParsedDocument {
  records: OsvRecord[];
  invalid: InvalidRecord[];
}

/** Whether a file name is one the importer reads as OSV (JSON or YAML). */
export function isOsvFileName(name: string): boolean {
  return /\.(json|ya?ml)$/i.test(name);
}

/**
 * Parses one OSV document: a JSON or YAML file (chosen by the name's extension; anything else is tried as
 * JSON) holding one record or an array of records. Never throws: syntax errors and schema violations are
 * returned as `invalid` entries naming `file`.
 */
export function parseOsvDocument(text: string | Uint8Array, file: string): ParsedDocument {
  let value: unknown;
  try {
    const body = typeof text === "string" ? text : new TextDecoder("utf-8", { fatal: true }).decode(text);
    value = parseText(body.replace(/^\uFEFF/, ""), file);
  } catch (error) {
    return { records: [], invalid: [{ file, reason: `unreadable: ${short((error as Error)?.message)}` }] };
  }
  const items = Array.isArray(value) ? value : [value];
  const out: ParsedDocument = { records: [], invalid: [] };
  items.forEach((item, index) => {
    const where = Array.isArray(value) ? `${file}[${index}]` : file;
    const result = validateOsvRecord(item);
    if (result.ok) out.records.push(result.record);
    else out.invalid.push({ file: where, id: idOf(item), reason: result.reason });
  });
  return out;
}

function parseText(text: string, file: string): unknown {
  // CORE_SCHEMA keeps timestamps as strings (the default schema turns `modified:` into a Date)
  if (/\.ya?ml$/i.test(file)) return yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
  return JSON.parse(text);
}

function idOf(item: unknown): string | undefined {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : undefined;
}

function short(message: string | undefined): string {
  const first = (message ?? "parse error").split("\n")[0] ?? "parse error";
  return first.length > 200 ? `${first.slice(0, 200)}…` : first;
}
