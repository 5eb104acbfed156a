import { load } from "js-yaml";

/** A parsed YAML document plus the 1-based line where each mapping or sequence starts. */
export interface YamlWithLines {
  value: unknown;
  lineOf(node: unknown): number | undefined;
}

/**
 * Parses YAML with js-yaml and records, through its listener, the line where every object or array node
 * opens — enough to point evidence at a job or a step without a second parser. Throws js-yaml's
 * YAMLException (with `mark.line`) on malformed input.
 */
export function parseYamlWithLines(text: string): YamlWithLines {
  const lines = new WeakMap<object, number>();
  const open: number[] = [];
  const value = load(text, {
    // Duplicate keys: the last wins (as GitHub's parser tolerates them) instead of failing the whole file.
    json: true,
    listener(event, state) {
      if (event === "open") {
        // state.position points at the node start; count lines up to it (lineStart is that line's offset).
        open.push(state.line + 1);
      } else {
        const line = open.pop();
        const result = state.result as unknown;
        if (line !== undefined && result !== null && typeof result === "object" && !lines.has(result)) {
          lines.set(result, line);
        }
      }
    },
  });
  return {
    value,
    lineOf: (node) => (node !== null && typeof node === "object" ? lines.get(node) : undefined),
  };
}

/** The 1-based line of the first occurrence of `needle` at or after `fromLine` (falls back to `fromLine`). */
export function findLine(text: string, needle: string, fromLine = 1): number {
  const lines = text.split("\n");
  for (let i = Math.max(0, fromLine - 1); i < lines.length; i++) if (lines[i].includes(needle)) return i + 1;
  return fromLine;
}
