// js-yaml keeps no positions, so the lines of keys come from a light scan of the text: one pass, linear even
// on hostile long lines.

/**
 * Line of each key directly inside a top-level section ("packages:" -> its two-space keys), across all
 * YAML documents of the text; the first occurrence wins. Keys are unquoted as YAML reads them.
 */
export function sectionKeyLines(text: string, section: string): Map<string, number> {
  const lines = new Map<string, number>();
  let inSection = false;
  let line = 0;
  let start = 0;
  const header = `${section}:`;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    line++;
    const raw = text.slice(start, text.charCodeAt(end - 1) === 13 ? end - 1 : end); // CRLF files
    start = end + 1;
    const c = raw.charCodeAt(0);
    if (raw.length === 0 || c === 35) continue;
    if (c !== 32) {
      inSection = raw.trimEnd() === header;
      continue;
    }
    if (!inSection || raw.charCodeAt(1) !== 32 || raw.charCodeAt(2) === 32) continue;
    const body = raw.slice(2);
    const colon = keyEnd(body);
    if (colon < 0) continue;
    const key = unquoteYamlKey(body.slice(0, colon));
    if (!lines.has(key)) lines.set(key, line);
  }
  return lines;
}

/** Index of the ":" ending a YAML mapping key on a line (quotes respected), or -1. */
function keyEnd(body: string): number {
  if (body.startsWith("'") || body.startsWith('"')) {
    const quote = body[0]!;
    let i = 1;
    while (i < body.length) {
      if (body[i] === quote) {
        if (quote === "'" && body[i + 1] === "'") {
          i += 2;
          continue;
        }
        return body[i + 1] === ":" ? i + 1 : -1;
      }
      if (quote === '"' && body[i] === "\\") i++;
      i++;
    }
    return -1;
  }
  const m = /:(\s|$)/.exec(body);
  return m ? m.index : -1;
}

function unquoteYamlKey(key: string): string {
  if (key.startsWith("'") && key.endsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  if (key.startsWith('"') && key.endsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  return key;
}
