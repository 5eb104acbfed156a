import { ExtractError } from "./errors.js";

// Shared by the extractors of several ecosystems: each parser failure becomes an ExtractError naming the file,
// the format and the line, whatever the library threw (syntax errors, stack overflows on deeply nested input).
// YAML, TOML and XML live in parse-yaml.ts, parse-toml.ts and parse-xml.ts, so that a module needing only JSON
// or these helpers does not load those libraries (start-up speed).

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

/** Throws the ExtractError for a parse failure of `path` as `format` (first line of the library's message). */
export function failParse(path: string, format: string, error: unknown, line?: number): never {
  const reason = error instanceof RangeError ? "nested too deeply" : (error as Error).message;
  throw new ExtractError(`${path}: not valid ${format}: ${reason.split("\n")[0]}`, {
    line,
    cause: error,
    hint: `check that ${path} is a complete, unmodified ${format} file`,
  });
}

/** Throws ExtractError when the file is empty (blank), naming the expected format. */
export function requireText(path: string, text: string, format: string): void {
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
    failParse(path, "JSON", error, position ? lineAt(text, Number(position[1])) : undefined);
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
