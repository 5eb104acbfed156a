import { FAILSAFE_SCHEMA, load, loadAll } from "js-yaml";
import { syntaxError } from "./parse-text.js";

/**
 * Parses one YAML document with js-yaml's failsafe schema: every scalar stays a string, so versions such as
 * 1.10 are not turned into numbers. A syntax error throws ExtractError with its line and column. `what`
 * names the expected document ("pubspec.lock").
 */
export function parseYamlText(text: string, what: string): unknown {
  try {
    return load(text, { schema: FAILSAFE_SCHEMA });
  } catch (error) {
    throw yamlError(error, what);
  }
}

/** Every YAML document of a text (default schema, JSON-compatible keys), for lockfiles that hold several. */
export function parseYamlDocuments(text: string, what: string): unknown[] {
  try {
    const docs: unknown[] = [];
    loadAll(text, (doc) => docs.push(doc), { json: true });
    return docs;
  } catch (error) {
    throw yamlError(error, what);
  }
}

// js-yaml's message repeats the position and quotes the text; its `reason` says what is wrong.
function yamlError(error: unknown, what: string) {
  const { mark, reason } = error as { mark?: { line?: number; column?: number }; reason?: string };
  const at =
    typeof mark?.line === "number" ? { line: mark.line + 1, column: (mark.column ?? 0) + 1 } : undefined;
  return syntaxError("YAML", what, reason ? new Error(reason) : error, at);
}
