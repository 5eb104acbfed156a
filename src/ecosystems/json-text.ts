import { ExtractError } from "./errors.js";
import { lineAndColumn } from "./parse-text.js";

/**
 * JSON.parse with an ExtractError that names the line (and column) of a syntax error, and that insists on
 * an object at the top (`what` names the expected document, e.g. "package-lock.json").
 */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const truncated = message.includes("end of JSON input");
    const at = position
      ? lineAndColumn(text, Number(position[1]))
      : truncated && text.trim() !== ""
        ? lineAndColumn(text, text.length)
        : undefined;
    let where = at ? ` at line ${at.line}, column ${at.column}` : "";
    if (text.trim() === "") where = " (the file is empty)";
    else if (truncated) where += " (the text ends before the JSON is complete: truncated?)";
    throw new ExtractError(`could not extract: not valid JSON${where}: ${message}`, {
      line: at?.line,
      hint: `check that the file is a complete ${what}`,
    });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    throw new ExtractError(`could not extract: decoded ${kind} JSON value, expected a ${what} object`);
  }
  return value as Record<string, unknown>;
}
