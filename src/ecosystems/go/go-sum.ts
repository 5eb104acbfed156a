/** A module version go.sum holds a content hash for (not just a go.mod hash), and where. */
export interface GoSumEntry {
  module: string;
  /** Version without the leading "v". */
  version: string;
  /** The `h1:` hash of the module's content. */
  hash: string;
  line: number;
}

/**
 * The module versions a go.sum records whole-module hashes for. Lines for `/go.mod` files only are skipped:
 * they mean the go command read that version's requirements but never built its code. Malformed lines are
 * returned in `bad` (1-based numbers) so the caller can report them.
 */
export function parseGoSum(text: string): { entries: GoSumEntry[]; bad: number[] } {
  const entries: GoSumEntry[] = [];
  const bad: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    const parts = line.split(/\s+/);
    if (parts.length !== 3 || !parts[1].startsWith("v") || !parts[2].includes(":")) {
      bad.push(i + 1);
      continue;
    }
    const [module, version, hash] = parts;
    if (version.endsWith("/go.mod")) continue;
    entries.push({ module, version: version.slice(1), hash, line: i + 1 });
  }
  return { entries, bad };
}
