/**
 * Removes the trailing commas of a JSONC text (bun.lock writes `[1, 2,]` and `{"a": 1,}`) so that JSON.parse
 * reads it. Commas inside strings are left alone; `//` and `/* *\/` comments outside strings are blanked.
 * Line breaks are kept, so line numbers and error positions still match the original text.
 */
export function stripJsoncExtras(text: string): string {
  const out: string[] = [];
  let chunkStart = 0;
  let pendingComma = -1;
  const n = text.length;
  const cut = (from: number, to: number, keepNewlines: boolean) => {
    out.push(text.slice(chunkStart, from));
    if (keepNewlines) out.push(text.slice(from, to).replace(/[^\n]/g, " "));
    chunkStart = to;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      pendingComma = -1;
      // Skip the string, honouring escapes.
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? n : end;
      cut(i, stop, true);
      i = stop - 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      cut(i, stop, true);
      i = stop - 1;
    } else if (c === 44) {
      pendingComma = i;
    } else if (c === 125 || c === 93) {
      if (pendingComma >= 0) cut(pendingComma, pendingComma + 1, true);
      pendingComma = -1;
    } else if (c !== 32 && c !== 10 && c !== 13 && c !== 9) {
      pendingComma = -1;
    }
  }
  out.push(text.slice(chunkStart));
  return out.join("");
}
