// Characters a terminal acts on instead of printing: C0 controls (escape sequences start with ESC; CR and
// backspace overwrite what was printed; newlines forge extra lines), DEL, C1 controls (0x9B is a one-byte
// CSI on some terminals), and Unicode's line separators and bidirectional controls (which reorder what is
// displayed, "Trojan Source").
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Untrusted text (zip entry names, record fields, file names from an archive) made safe to print on a
 * terminal as one line: every control character is shown as an escape (`\x1b`, `\n`, `\u202e`) instead of
 * acting. Printable text, including non-Latin scripts, is left as it is.
 */
export function terminalText(text: string): string {
  return String(text).replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** Multi-line text from a renderer that does not escape its values (risk, provenance, policy) made safe for a terminal, line by line. */
export function terminalLines(text: string): string {
  return text
    .split("\n")
    .map((line) => terminalText(line))
    .join("\n");
}
