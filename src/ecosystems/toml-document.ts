/**
 * 1-based line of the top-level `key = ...` of each `[[table]]` block of a TOML text, in file order (undefined
 * where the key is absent); block i matches the i-th element of the parsed array. smol-toml keeps no
 * positions, so a light scan finds them: sub-tables (`[table.x]`), comments and multi-line strings are skipped,
 * so text that merely looks like the key is never taken.
 */
export function arrayTableKeyLines(text: string, table: string, key: string): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  const header = `[[${table}]]`;
  const k = escapeRegExp(key);
  const keyRe = new RegExp(`^(?:${k}|"${k}"|'${k}')\\s*=`);
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
    if (keyRe.test(trimmed)) out[out.length - 1] = line;
  }
  return out;
}

function countOccurrences(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
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
