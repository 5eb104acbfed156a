import { parse, TomlError } from "smol-toml";
import { ExtractError } from "../errors.js";

/** Parses TOML, turning a syntax error into an ExtractError naming the file and line. */
export function parseTomlDocument(text: string, path: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const firstLine = error.message.split("\n")[0];
      throw new ExtractError(`${path}:${error.line}: invalid TOML: ${firstLine}`, {
        line: error.line,
        cause: error,
      });
    }
    // smol-toml throws RangeError ("Maximum call stack size exceeded") on absurd nesting.
    throw new ExtractError(`${path}: cannot read TOML: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * 1-based line of `key = ` inside each `[[table]]` array entry, in file order (undefined where the key is
 * absent). smol-toml keeps no positions, so a light scan finds them; it relies on the entries being written
 * as `[[table]]` headers, which is how Cargo and other lockfile writers lay them out.
 */
export function arrayTableKeyLines(text: string, table: string, key: string): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  const header = `[[${table}]]`;
  const keyRe = new RegExp(`^\\s*"?${key}"?\\s*=`);
  let inEntry = false;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.startsWith("[")) {
      inEntry = line === header;
      if (inEntry) out.push(undefined);
      continue;
    }
    if (inEntry && out[out.length - 1] === undefined && keyRe.test(line)) out[out.length - 1] = i + 1;
  }
  return out;
}

/**
 * 1-based line of `key =` under a `[...section]` header (also `[target.x.section]`), or of a `[section.key]`
 * header; a light scan, as smol-toml keeps no positions.
 */
export function tableKeyLine(lines: string[], section: string, key: string): number | undefined {
  const quotedKey = `["']?${escapeRegExp(key)}["']?`;
  const keyRe = new RegExp(`^\\s*${quotedKey}\\s*[=.]`);
  const tableRe = new RegExp(`^\\s*\\[(.*\\.)?${escapeRegExp(section)}\\.${quotedKey}\\s*\\]`);
  let inSection = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (tableRe.test(line)) return i + 1;
    if (line.startsWith("[")) inSection = line === `[${section}]` || line.endsWith(`.${section}]`);
    else if (inSection && keyRe.test(line)) return i + 1;
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
