import { parse as parseToml } from "smol-toml";
import { failParse } from "./parse-text.js";

/** Parses TOML (smol-toml); malformed input throws ExtractError with its line. */
export function parseTomlText(path: string, text: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    failParse(path, "TOML", error, (error as { line?: number }).line);
  }
}
