/**
 * The 1-based line where the value at a JSON pointer (`/vulnerabilities/17/dueDate`) starts in a JSON text,
 * found in one pass without building a tree; undefined when the text does not hold that path. The text is
 * assumed to be valid JSON (it was parsed already): lines only locate an error, they never cause one.
 */
export function jsonPointerLine(text: string, pointer: string): number | undefined {
  const target = pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  // For each open container: its kind, the key or index of the value being read, the next array index.
  const stack: { array: boolean; step: string; next: number }[] = [];
  let line = 1;
  let key: string | undefined;
  const matches = () =>
    stack.length === target.length && stack.every((s, i) => s.step === target[i]) && target.length > 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      line++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === ":") continue;
    const top = stack[stack.length - 1];
    if (c === ",") continue;
    if (c === "}" || c === "]") {
      stack.pop();
      continue;
    }
    if (c === '"' && top && !top.array && key === undefined) {
      const end = endOfString(text, i);
      key = JSON.parse(text.slice(i, end + 1)) as string;
      i = end;
      continue;
    }
    // A value starts here: name it by its key or array index.
    if (top) {
      top.step = top.array ? String(top.next++) : (key ?? "");
      key = undefined;
    }
    if (matches()) return line;
    if (c === "{" || c === "[") {
      stack.push({ array: c === "[", step: "", next: 0 });
      if (target.length === 0) return line;
      continue;
    }
    if (c === '"') i = endOfString(text, i);
    else while (i + 1 < text.length && !/[\s,}\]]/.test(text[i + 1] as string)) i++;
  }
  return undefined;
}

/** Index of the closing quote of the string that starts at `start`. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}
