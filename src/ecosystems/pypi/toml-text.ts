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

/**
 * For each `[[table]]` block of a TOML text, in order, the line of its own top-level `name = ...` key (or
 * undefined). Sub-tables (`[table.x]`), comments and multi-line strings are skipped, so text that merely
 * looks like a name key is never taken. Block i matches the i-th element of the parsed array.
 */
export function arrayTableNameLines(text: string, table: string): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  const header = `[[${table}]]`;
  let inBlock = false;
  let multiline: string | undefined;
  let line = 0;
  for (const raw of text.split("\n")) {
    line++;
    const trimmed = raw.trim();
    if (multiline) {
      if (countOccurrences(trimmed, multiline) % 2 === 1) multiline = undefined;
      continue;
    }
    if (trimmed.startsWith("[")) {
      const isBlock = trimmed.replace(/\s+/g, "").startsWith(header) && !trimmed.startsWith(`${header}.`);
      if (isBlock) out.push(undefined);
      inBlock = isBlock;
      continue;
    }
    for (const quote of ['"""', "'''"]) {
      if (countOccurrences(trimmed, quote) % 2 === 1) multiline = quote;
    }
    if (!inBlock || out[out.length - 1] !== undefined) continue;
    if (/^(?:name|"name"|'name')\s*=/.test(trimmed)) out[out.length - 1] = line;
  }
  return out;
}

function countOccurrences(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}
