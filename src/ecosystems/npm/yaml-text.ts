import jsYaml from "js-yaml";
import { ExtractError } from "../errors.js";

/** Parses every YAML document of a text, turning syntax errors into an ExtractError with the line. */
export function loadYamlDocuments(text: string, what: string): unknown[] {
  try {
    const docs: unknown[] = [];
    jsYaml.loadAll(text, (doc) => docs.push(doc), { json: true });
    return docs;
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const line = typeof mark?.line === "number" ? mark.line + 1 : undefined;
    const reason = ((error as Error).message ?? String(error)).split("\n")[0];
    throw new ExtractError(`could not extract: invalid YAML${line ? ` at line ${line}` : ""}: ${reason}`, {
      line,
      hint: `check that the file is a complete ${what}`,
    });
  }
}
