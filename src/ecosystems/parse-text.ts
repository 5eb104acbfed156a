import { ExtractError } from "./errors.js";

// Shared by the extractors of several ecosystems: the one shape of a parse failure (syntaxError), small record
// readers and line/column arithmetic. The parsers live apart — json-text.ts, parse-yaml.ts, parse-toml.ts,
// parse-xml.ts — so that a module needing only JSON or these helpers does not load js-yaml, smol-toml or
// fast-xml-parser (start-up speed).

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

/** Where a parser stopped: 1-based line, and column when the parser knows it. */
export interface TextPosition {
  line: number;
  column?: number;
}

/**
 * The ExtractError of a file a parser rejects, in the one shape every format uses: "could not extract: not
 * valid FORMAT at line L, column C: REASON", never the file's path (the inventory reports the error against
 * the file), with `line` and `column` set and a hint naming the document `what` was expected to be.
 */
export function syntaxError(
  format: string,
  what: string,
  cause: unknown,
  at?: TextPosition,
  hint = `check that the file is a complete, unmodified ${what}`,
): ExtractError {
  const where = at ? ` at line ${at.line}${at.column ? `, column ${at.column}` : ""}` : "";
  return new ExtractError(`could not extract: not valid ${format}${where}: ${reasonOf(cause)}`, {
    line: at?.line,
    column: at?.column,
    cause,
    hint,
  });
}

/** The first line of a parser's message; a stack overflow on absurd nesting becomes "nested too deeply". */
function reasonOf(error: unknown): string {
  if (error instanceof RangeError) return "nested too deeply";
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.trim();
}

/** Throws ExtractError when the file is empty (blank), naming the document `what` was expected. */
export function requireText(text: string, what: string): void {
  if (text.trim() === "") {
    throw new ExtractError(`could not extract: the file is empty, expected a ${what}`, {
      hint: "regenerate the file with its tool",
    });
  }
}

/** The document's top level as an object; throws ExtractError naming what was expected otherwise. */
export function requireRecord(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) {
    throw new ExtractError(`not a ${what}: the top level is ${describe(value)}, expected an object`, {
      hint: `check that the file is a ${what}`,
    });
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
