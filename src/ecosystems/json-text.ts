import { ExtractError } from "./errors.js";
import { lineAndColumn, requireText, syntaxError } from "./parse-text.js";

/**
 * Parses JSON (a leading byte-order mark, which editors on Windows add, is skipped). An empty file or a
 * syntax error throws ExtractError with the line and column of the problem (`what` names the expected
 * document, e.g. "package-lock.json"); a file that ends early says so.
 */
export function parseJsonText(text: string, what: string): unknown {
  requireText(text, what);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const message = (error as Error).message ?? "";
    const truncated = message.includes("end of JSON input");
    const offset = truncated ? body.length : errorOffset(message, body);
    const at = offset === undefined ? undefined : lineAndColumn(body, offset);
    const reason = truncated
      ? new Error(`${message} (the text ends before the JSON is complete: truncated?)`)
      : error;
    throw syntaxError("JSON", what, reason, at);
  }
}

/**
 * parseJsonText that insists on an object at the top (osv-scalibr's wording for anything else: "decoded
 * null JSON value").
 */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  const value = parseJsonText(text, what);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    throw new ExtractError(`could not extract: decoded ${kind} JSON value, expected a ${what} object`, {
      hint: `check that the file is a ${what}`,
    });
  }
  return value as Record<string, unknown>;
}

// V8 words an unexpected token without its position, quoting up to 10 characters either side of it instead
// (src/json/json-parser.cc): the whole text when it is 21 characters or fewer, `"…"...` at the start,
// `..."…"...` in the middle, `..."…"` at the end. The other errors say "at position N".
const UNEXPECTED = /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/;
const CONTEXT = 10;

/** Offset of a JSON.parse error in `source`, from V8's message; undefined when the message does not say. */
function errorOffset(message: string, source: string): number | undefined {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  const m = UNEXPECTED.exec(message);
  if (!m) return undefined;
  const [, token, before, snippet, after] = m as unknown as [
    string,
    string,
    string | undefined,
    string,
    string | undefined,
  ];
  if (!before && !after) return Math.max(0, source.indexOf(token));
  if (!before) return snippet.length - CONTEXT;
  if (!after) return source.length - snippet.length + CONTEXT;
  const start = source.indexOf(snippet);
  return start < 0 ? undefined : start + CONTEXT;
}
