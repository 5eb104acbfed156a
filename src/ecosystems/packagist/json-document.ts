import { ExtractError } from "../errors.js";
import { lineAt } from "../parse-text.js";

/**
 * Parses JSON (a leading byte-order mark, which editors on Windows add, is skipped), turning a syntax error
 * into an ExtractError naming the file and the line of the problem.
 */
export function parseJsonDocument(text: string, path: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = (error as Error).message;
    const position = Number(message.match(/at position (\d+)/)?.[1] ?? text.length);
    const line = lineAt(text, position);
    throw new ExtractError(`${path}:${line}: invalid JSON: ${message}`, { line, cause: error });
  }
}
