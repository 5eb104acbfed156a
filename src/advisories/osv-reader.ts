import yaml from "js-yaml";
import type { ErrorCode } from "../model/errors.js";
import type { OsvRecord } from "../model/osv.js";
import { validateOsvRecord } from "./osv-schema.js";

/** A record (or a whole file) that could not be used, with the place and the reason. */
export interface InvalidRecord {
  /** The file, zip entry ("all.zip!GHSA-x.json") or URL the record came from. */
  file: string;
  /** The record's id when it could be read. */
  id?: string;
  reason: string;
  /** Why, for programs: ADVISORY_INVALID, PARSE_FAILED, INPUT_TOO_LARGE, INPUT_UNSAFE, INPUT_UNREADABLE. */
  code?: ErrorCode;
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
 * Deepest nesting accepted in a record. OSV records are about 6 levels deep (record, affected, ranges,
 * events); free-form `database_specific` fields add a few. A record nested thousands deep is hostile: it
 * would overflow the stack of everything that walks it (serialising it to store it, for one).
 */
export const MAX_RECORD_DEPTH = 64;

/**
 * Parses one OSV document: a JSON or YAML file (chosen by the extension of `name`, by default `file`;
 * anything else is tried as JSON) holding one record or an array of records. Never throws: syntax errors, records nested deeper than
 * MAX_RECORD_DEPTH and schema violations are returned as `invalid` entries naming `file`; the other records
 * of the document are kept.
 */
export function parseOsvDocument(
  text: string | Uint8Array,
  file: string,
  name: string = file,
): ParsedDocument {
  let value: unknown;
  try {
    const body = typeof text === "string" ? text : new TextDecoder("utf-8", { fatal: true }).decode(text);
    value = parseText(body.replace(/^\uFEFF/, ""), name);
  } catch (error) {
    return {
      records: [],
      invalid: [{ file, reason: `unreadable: ${short((error as Error)?.message)}`, code: "PARSE_FAILED" }],
    };
  }
  const items = Array.isArray(value) ? value : [value];
  const out: ParsedDocument = { records: [], invalid: [] };
  items.forEach((item, index) => {
    const where = Array.isArray(value) ? `${file}[${index}]` : file;
    if (depthExceeds(item, MAX_RECORD_DEPTH)) {
      out.invalid.push({
        file: where,
        id: idOf(item),
        reason: `nested more than ${MAX_RECORD_DEPTH} levels deep (OSV records are about 6): refused as hostile`,
        code: "INPUT_UNSAFE",
      });
      return;
    }
    const result = validateOsvRecord(item);
    if (result.ok) out.records.push(result.record);
    else out.invalid.push({ file: where, id: idOf(item), reason: result.reason, code: "ADVISORY_INVALID" });
  });
  return out;
}

/** Whether a parsed value nests deeper than `limit` (iteratively: the value itself may be deep enough to overflow recursion). */
function depthExceeds(root: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 1 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (!value || typeof value !== "object") continue;
    if (depth > limit) return true;
    for (const child of Object.values(value))
      if (child && typeof child === "object") stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/** Most values a YAML document may expand to: OSV records have thousands, alias bombs billions. */
const MAX_YAML_NODES = 2_000_000;

function parseText(text: string, file: string): unknown {
  if (!/\.ya?ml$/i.test(file)) return JSON.parse(text);
  // CORE_SCHEMA keeps timestamps as strings (the default schema turns `modified:` into a Date)
  const value = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
  if (nodeCount(value, MAX_YAML_NODES) > MAX_YAML_NODES)
    throw new Error(`the YAML expands to more than ${MAX_YAML_NODES} values (an alias bomb?)`);
  return value;
}

/** Counts the values of a tree, following shared (aliased) subtrees each time they occur, up to `limit`. */
function nodeCount(root: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0 && count <= limit) {
    const value = stack.pop();
    count++;
    if (value && typeof value === "object") for (const child of Object.values(value)) stack.push(child);
  }
  return count;
}

function idOf(item: unknown): string | undefined {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : undefined;
}

function short(message: string | undefined): string {
  const first = (message ?? "parse error").split("\n")[0] ?? "parse error";
  return first.length > 200 ? `${first.slice(0, 200)}…` : first;
}
