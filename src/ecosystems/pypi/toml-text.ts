import { parse } from "smol-toml";
import { ExtractError } from "../errors.js";

/** Parses TOML, turning syntax errors into an ExtractError with the line. */
export function parseToml(text: string, what: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    const line = (error as { line?: number }).line;
    const reason = ((error as Error).message ?? String(error)).split("\n")[0];
    throw new ExtractError(`could not extract: not valid TOML${line ? ` at line ${line}` : ""}: ${reason}`, {
      line,
      hint: `check that the file is a complete ${what}`,
    });
  }
}
