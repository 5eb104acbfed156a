import type { InventoryError } from "../../model/inventory.js";
import { ExtractError } from "../errors.js";
import { isRecord } from "../parse-text.js";
import { parseTomlText } from "../parse-toml.js";
import { arrayTableKeyLines } from "../toml-document.js";
import type { ExtractInput } from "../types.js";
import { normalizePypiName, pypiPackage } from "./pypi-package.js";

/** One entry of a lockfile's `[[table]]` array that has a name, with the line of that name. */
export interface LockEntry {
  entry: Record<string, unknown> & { name: string };
  line: number | undefined;
}

/**
 * The named `[[table]]` entries of a Python TOML lockfile (poetry.lock, pdm.lock, uv.lock, pylock.toml), in
 * file order with their lines. An entry without a name is an error (reported, not dropped silently); a
 * `table` that is not an array of tables makes the whole file unreadable.
 */
export function readLockEntries(
  input: ExtractInput,
  what: string,
  table: string,
): { entries: LockEntry[]; errors: InventoryError[] } {
  const all = parseTomlText(input.text, what)[table] ?? [];
  if (!Array.isArray(all)) {
    throw new ExtractError(`could not extract: "${table}" is not an array of tables`, {
      hint: `check that the file is a ${what}`,
    });
  }
  const lines = arrayTableKeyLines(input.text, table, "name");
  const entries: LockEntry[] = [];
  const errors: InventoryError[] = [];
  all.forEach((entry, i) => {
    if (isRecord(entry) && typeof entry.name === "string") {
      entries.push({ entry: entry as LockEntry["entry"], line: lines[i] });
    } else {
      errors.push({ path: input.path, message: `[[${table}]] entry ${i + 1} has no name; not read` });
    }
  });
  return { entries, errors };
}

/** Version of each locked package by normalised name, for turning dependency names into purls. */
export function versionsByName(entries: readonly LockEntry[]): Map<string, string> {
  return new Map(entries.map(({ entry }) => [normalizePypiName(entry.name), String(entry.version ?? "")]));
}

/** The purls of the named dependencies that the lockfile itself locks (others are left out). */
export function dependencyPurls(names: readonly string[], versionOf: ReadonlyMap<string, string>): string[] {
  return names.flatMap((name) => {
    const version = versionOf.get(normalizePypiName(name));
    return version === undefined ? [] : [pypiPackage({ name, version }).purl];
  });
}
