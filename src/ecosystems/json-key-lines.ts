/**
 * Finds the 1-based line of container-valued keys in a JSON text in one pass, without building a tree: for
 * each key whose value is an object or an array, `onKey(path, line)` receives the keys leading to it
 * (outermost first, the key itself last; the top-level value and array elements appear as ""). With
 * `scalars`, keys of strings, numbers and literals are reported too. The text is assumed to have been parsed by JSON.parse already; on malformed input the
 * scan stops quietly (lines are a convenience, never a source of errors). `onKey` returns `false` to end the
 * scan early, once it has every line it needs.
 */
export function scanJsonKeyLines(
  text: string,
  onKey: (path: readonly string[], line: number) => undefined | false,
  options: { scalars?: boolean } = {},
): void {
  const path: string[] = [];
  // For each open container: true = object (its keys push onto path), false = array.
  const containers: boolean[] = [];
  let line = 1;
  let pendingKey: string | undefined;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      i++;
    } else if (c === 34) {
      const end = endOfString(text, i);
      if (end < 0) return;
      const inObject = containers[containers.length - 1] === true;
      // A string followed by ":" in an object is a key.
      let j = end + 1;
      while (j < n && isSpace(text.charCodeAt(j))) {
        if (text.charCodeAt(j) === 10) line++;
        j++;
      }
      if (inObject && text.charCodeAt(j) === 58) {
        const raw = text.slice(i + 1, end);
        pendingKey = raw.includes("\\") ? safeUnescape(raw) : raw;
        i = j + 1;
        // The value starts after optional whitespace.
        while (i < n && isSpace(text.charCodeAt(i))) {
          if (text.charCodeAt(i) === 10) line++;
          i++;
        }
        if (text.charCodeAt(i) === 123) {
          path.push(pendingKey);
          if (onKey(path, line) === false) return;
          containers.push(true);
          i++;
        } else if (text.charCodeAt(i) === 91) {
          path.push(pendingKey);
          if (onKey(path, line) === false) return;
          containers.push(false);
          i++;
        } else if (options.scalars) {
          path.push(pendingKey);
          if (onKey(path, line) === false) return;
          path.pop();
        }
        pendingKey = undefined;
      } else {
        i = j;
      }
    } else if (c === 123 || c === 91) {
      // A container that is not the value of a key (top level or array element): keep depth with a placeholder.
      path.push("");
      containers.push(c === 123);
      i++;
    } else if (c === 125 || c === 93) {
      path.pop();
      containers.pop();
      i++;
    } else {
      i++;
    }
  }
}

/** Index of the closing quote of the string starting at `start`, or -1. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let k = q - 1; text.charCodeAt(k) === 92; k--) backslashes++;
    if (backslashes % 2 === 0) return q;
    i = q + 1;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function safeUnescape(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
