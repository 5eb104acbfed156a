import { XMLParser, XMLValidator } from "fast-xml-parser";
import { FAILSAFE_SCHEMA, load } from "js-yaml";
import { parse as parseToml } from "smol-toml";
import { ExtractError } from "./errors.js";

// Shared by the extractors of several ecosystems (JSON, YAML and TOML lockfiles): each parser failure becomes
// an ExtractError naming the file, the format and the line, whatever the library threw (syntax errors, stack
// overflows on deeply nested input).

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value when it is a plain object, else undefined (for optional tables and sections). */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  return lineAndColumn(text, offset).line;
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf("\n"); i >= 0 && i < end; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

function fail(path: string, format: string, error: unknown, line?: number): never {
  const reason = error instanceof RangeError ? "nested too deeply" : (error as Error).message;
  throw new ExtractError(`${path}: not valid ${format}: ${reason.split("\n")[0]}`, {
    line,
    cause: error,
    hint: `check that ${path} is a complete, unmodified ${format} file`,
  });
}

function requireText(path: string, text: string, format: string): void {
  if (text.trim() === "") {
    throw new ExtractError(`${path}: empty file, expected ${format}`, {
      hint: "regenerate the file with its tool",
    });
  }
}

/** Parses JSON; an empty or malformed file throws ExtractError with the line of the problem. */
export function parseJsonText(path: string, text: string): unknown {
  requireText(path, text, "JSON");
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    fail(path, "JSON", error, position ? lineAt(text, Number(position[1])) : undefined);
  }
}

/**
 * Parses one YAML document with js-yaml's failsafe schema: every scalar stays a string, so versions such as
 * 1.10 are not turned into numbers. Malformed input throws ExtractError with its line.
 */
export function parseYamlText(path: string, text: string): unknown {
  try {
    return load(text, { filename: path, schema: FAILSAFE_SCHEMA });
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    fail(path, "YAML", error, mark?.line === undefined ? undefined : mark.line + 1);
  }
}

/** Parses TOML (smol-toml); malformed input throws ExtractError with its line. */
export function parseTomlText(path: string, text: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    fail(path, "TOML", error, (error as { line?: number }).line);
  }
}

/** The document's top level as an object; throws ExtractError naming what was expected otherwise. */
export function requireRecord(path: string, value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) {
    throw new ExtractError(
      `${path}: not a ${what}: the top level is ${describe(value)}, expected an object`,
      {
        hint: `check that ${path} is a ${what}`,
      },
    );
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}

/** The string value of a field, or undefined when absent or not a string. */
export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === "string" ? value : undefined;
}

/** 1-based line of the first occurrence of `needle`, or undefined when it does not occur. */
export function lineOf(text: string, needle: string, from = 0): number | undefined {
  const at = text.indexOf(needle, from);
  return at < 0 ? undefined : lineAt(text, at);
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
});

/**
 * Parses XML (fast-xml-parser, values kept as text, attributes prefixed "@"; pass another parser for other
 * options); malformed input throws ExtractError with its line.
 */
export function parseXmlText(
  path: string,
  text: string,
  parser: XMLParser = xmlParser,
): Record<string, unknown> {
  requireText(path, text, "XML");
  let verdict: ReturnType<typeof XMLValidator.validate>;
  try {
    verdict = XMLValidator.validate(text);
  } catch (error) {
    fail(path, "XML", error);
  }
  if (verdict !== true) fail(path, "XML", new Error(verdict.err.msg), verdict.err.line);
  try {
    return parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    fail(path, "XML", error);
  }
}

/** Every element named `tag` (case-insensitive) anywhere below `node`, in document order. */
export function xmlElements(node: unknown, tag: string): Record<string, unknown>[] {
  const wanted = tag.toLowerCase();
  const found: Record<string, unknown>[] = [];
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push(current[i]);
    } else if (isRecord(current)) {
      const children = Object.entries(current).filter(([key]) => !key.startsWith("@"));
      for (let i = children.length - 1; i >= 0; i--) {
        const [key, value] = children[i]!;
        if (key.toLowerCase() === wanted) {
          for (const element of Array.isArray(value) ? value : [value]) {
            found.push(isRecord(element) ? element : { "#text": element });
          }
        } else {
          stack.push(value);
        }
      }
    }
  }
  return found;
}

/** An attribute or child element's text, matched case-insensitively as MSBuild does. */
export function xmlValue(element: Record<string, unknown>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(element)) {
    const bare = key.startsWith("@") ? key.slice(1) : key;
    if (bare.toLowerCase() !== wanted) continue;
    if (typeof value === "string") return value.trim();
    if (isRecord(value) && typeof value["#text"] === "string") return value["#text"].trim();
  }
  return undefined;
}
