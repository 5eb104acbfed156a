import { invalidInput } from "./errors.js";

// Project-name scope patterns ("team-a/*") are globs whose only wildcard is `*` (any run of characters, `/`
// included). They become SQL filters so that scoped lists are paginated in the database: LIKE on
// PostgreSQL (with a "C"-collated column it is case-sensitive), GLOB on SQLite (whose LIKE ignores case).

/** Refuses an empty pattern (it would match nothing and is always a mistake). */
export function checkPattern(pattern: string): string {
  if (typeof pattern !== "string" || pattern.length === 0) {
    throw invalidInput(`a project-name pattern must not be empty`, { pattern });
  }
  return pattern;
}

/** The LIKE pattern (escape character `\`) matching exactly what the glob matches. */
export function globToLike(glob: string): string {
  let out = "";
  for (const ch of checkPattern(glob)) {
    if (ch === "*") out += "%";
    else if (ch === "%" || ch === "_" || ch === "\\") out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** The SQLite GLOB pattern matching exactly what the glob matches (`?` and `[` made literal). */
export function globToSqliteGlob(glob: string): string {
  let out = "";
  for (const ch of checkPattern(glob)) {
    if (ch === "?" || ch === "[") out += `[${ch}]`;
    else out += ch;
  }
  return out;
}

/** A LIKE pattern (escape `\`) for names containing `text` literally. */
export function containsLike(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** Whether a name matches a glob, in JavaScript (for checks outside SQL, and to test the SQL forms against). */
export function globMatches(glob: string, name: string): boolean {
  const source = checkPattern(glob)
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "s").test(name);
}
