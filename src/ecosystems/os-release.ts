/**
 * Parses an os-release file (https://www.freedesktop.org/software/systemd/man/os-release.html) into its
 * variables: `KEY=value` lines, values optionally quoted; comments, blank and malformed lines ignored, as
 * systemd does. Leading whitespace is tolerated.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = raw.trim().match(/^([A-Z][A-Z0-9_]*)=(.*)$/);
    if (!m) continue;
    let value = m[2].trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\([\\"$`])/g, "$1");
    }
    out[m[1]] = value;
  }
  return out;
}

/**
 * The root of the file system a package database lives in, as a path relative to the database's folder
 * (readFile's default): "img/var/lib/dpkg/status" with marker "var/lib/dpkg/" -> "../../../". Relative, so
 * it holds however the inventory shows paths. Undefined when the path is not inside such a tree (a database
 * passed under another name), so no unrelated os-release is read.
 */
export function rootOf(path: string, marker: string): string | undefined {
  const at = path.startsWith(marker) ? 0 : path.lastIndexOf(`/${marker}`) + 1;
  if (at === 0 && !path.startsWith(marker)) return undefined;
  const depth = path.slice(at).split("/").length - 1;
  return "../".repeat(depth);
}

/** The os-release of the root file system: etc/os-release, else usr/lib/os-release (its fallback location). */
export async function readOsRelease(
  readFile: (path: string) => Promise<string | undefined>,
  root: string | undefined,
): Promise<Record<string, string> | undefined> {
  if (root === undefined) return undefined;
  const text = (await readFile(`${root}etc/os-release`)) ?? (await readFile(`${root}usr/lib/os-release`));
  return text === undefined ? undefined : parseOsRelease(text);
}
