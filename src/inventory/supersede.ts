import { posix } from "node:path";

/** A file chosen for reading: its relative path (to the walked folder) and the format it is read as. */
export interface PlannedRead {
  relative: string;
  format: string;
}

/**
 * Manifests whose declared ranges say less than a lockfile covering the same folder. When such a lockfile
 * exists in the manifest's folder or (for workspaces) any folder above it within the walk, the manifest is
 * not read: the lockfile's resolved versions replace its ranges.
 */
const SUPERSEDED_BY: Record<string, { formats: string[]; ancestors: boolean }> = {
  "package.json": {
    formats: ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock"],
    ancestors: true,
  },
  // npm itself ignores package-lock.json when npm-shrinkwrap.json is present.
  "package-lock.json": { formats: ["npm-shrinkwrap.json"], ancestors: false },
};

/** Drops the reads that a lockfile of the same project makes redundant (see SUPERSEDED_BY). */
export function dropSuperseded<T extends PlannedRead>(reads: T[]): T[] {
  const formatsByDir = new Map<string, Set<string>>();
  for (const r of reads) {
    const dir = posix.dirname(r.relative);
    const set = formatsByDir.get(dir) ?? new Set<string>();
    set.add(r.format);
    formatsByDir.set(dir, set);
  }
  return reads.filter((r) => {
    const rule = SUPERSEDED_BY[r.format];
    if (!rule) return true;
    let dir = posix.dirname(r.relative);
    for (;;) {
      const present = formatsByDir.get(dir);
      if (present && rule.formats.some((f) => present.has(f))) return false;
      if (!rule.ancestors || dir === "." || dir === "/") return true;
      dir = posix.dirname(dir);
    }
  });
}
