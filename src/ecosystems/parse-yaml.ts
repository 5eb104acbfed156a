import { FAILSAFE_SCHEMA, load } from "js-yaml";
import { failParse } from "./parse-text.js";

/**
 * Parses one YAML document with js-yaml's failsafe schema: every scalar stays a string, so versions such as
 * 1.10 are not turned into numbers. Malformed input throws ExtractError with its line.
 */
export function parseYamlText(path: string, text: string): unknown {
  try {
    return load(text, { filename: path, schema: FAILSAFE_SCHEMA });
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    failParse(path, "YAML", error, mark?.line === undefined ? undefined : mark.line + 1);
  }
}
