import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { newPackage } from "../new-package.js";
import { parseTomlText } from "../parse-toml.js";
import { arrayTableKeyLines, tableKeyLine } from "../toml-document.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { CARGO_LOCK_FORMAT } from "./extractors.js";

const ECOSYSTEM = "crates.io";

interface LockEntry {
  name: string;
  version: string;
  source?: string;
  checksum?: string;
  dependencies: string[];
  line?: number;
}

/**
 * Cargo.lock, format versions 1 to 4 (and the `[root]` table of the oldest files): every `[[package]]` with its line, checksum (`sha256:hex`), git commit
 * (the `#rev` of a `git+` source) and dependency edges. Packages without a source are the workspace's own
 * crates; the crates they depend on are marked direct, all other crates transitive.
 */
export const cargoLockExtractor: SyncExtractor = {
  ...CARGO_LOCK_FORMAT,
  extract(input: ExtractInput): ExtractResult {
    const doc = parseTomlText(input.text, "Cargo.lock");
    const raw = doc.package ?? [];
    if (!Array.isArray(raw)) {
      throw new ExtractError('"package" is not an array of tables: not a Cargo.lock');
    }
    const errors: InventoryError[] = [];
    const lines = arrayTableKeyLines(input.text, "package", "name");
    const v1Checksums = readV1Checksums(doc.metadata);
    const entries: LockEntry[] = [];
    raw.forEach((item: unknown, i) => {
      const entry = readEntry(item, lines[i]);
      if (typeof entry === "string") errors.push({ path: input.path, line: lines[i], message: entry });
      else {
        entry.checksum ??= v1Checksums.get(`${entry.name} ${entry.version} (${entry.source})`);
        entries.push(entry);
      }
    });
    // Lockfiles of Cargo before 0.17 kept the workspace's own crate in a [root] table.
    if (doc.root !== undefined) {
      const root = readEntry(doc.root, tableKeyLine(input.text.split("\n"), "root", "name"));
      if (typeof root === "string") errors.push({ path: input.path, message: `[root]: ${root}` });
      else entries.unshift({ ...root, source: undefined });
    }

    const packages = entries.map((e) =>
      newPackage({
        ecosystem: ECOSYSTEM,
        name: e.name,
        version: e.version,
        locations: [{ path: input.path, line: e.line }],
        hashes: e.checksum ? [`sha256:${e.checksum}`] : undefined,
        commit: e.source?.startsWith("git+") ? e.source.split("#")[1] || undefined : undefined,
      }),
    );
    linkDependencies(entries, packages, input.path, errors);
    return { packages, errors };
  },
};

function readEntry(item: unknown, line: number | undefined): LockEntry | string {
  if (typeof item !== "object" || item === null) return "[[package]] entry is not a table";
  const { name, version, source, checksum, dependencies = [] } = item as Record<string, unknown>;
  if (typeof name !== "string" || typeof version !== "string") {
    return "[[package]] entry without a string name and version";
  }
  if (!Array.isArray(dependencies) || dependencies.some((d) => typeof d !== "string")) {
    return `${name} ${version}: "dependencies" is not a list of strings`;
  }
  return {
    name,
    version,
    source: typeof source === "string" ? source : undefined,
    checksum: typeof checksum === "string" ? checksum : undefined,
    dependencies,
    line,
  };
}

/** Format 1 keeps checksums in `[metadata]` as `"checksum NAME VERSION (SOURCE)" = "hex"`. */
function readV1Checksums(metadata: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof metadata !== "object" || metadata === null) return out;
  for (const [key, value] of Object.entries(metadata)) {
    if (key.startsWith("checksum ") && typeof value === "string" && value !== "<none>") {
      out.set(key.slice("checksum ".length), value);
    }
  }
  return out;
}

/**
 * Resolves each `dependencies` item ("name", "name version" or "name version (source)", the longer forms
 * written only where the short one is ambiguous) to a package and records the edge by purl.
 */
function linkDependencies(
  entries: LockEntry[],
  packages: Package[],
  path: string,
  errors: InventoryError[],
): void {
  const byName = new Map<string, number[]>();
  entries.forEach((e, i) => {
    const list = byName.get(e.name);
    if (list) list.push(i);
    else byName.set(e.name, [i]);
  });
  const hasMembers = entries.some((e) => e.source === undefined);
  const direct = new Set<number>();
  entries.forEach((entry, from) => {
    for (const spec of entry.dependencies) {
      const m = spec.match(/^(\S+)(?: (\S+))?(?: \((.+)\))?$/);
      const candidates = (m && byName.get(m[1])) || [];
      const to = candidates.find(
        (i) => (!m?.[2] || entries[i].version === m[2]) && (!m?.[3] || entries[i].source === m[3]),
      );
      if (to === undefined) {
        errors.push({
          path,
          line: entry.line,
          message: `${entry.name} ${entry.version}: dependency "${spec}" is not in the lockfile`,
        });
        continue;
      }
      packages[from].dependencies.push(packages[to].purl);
      if (entry.source === undefined) direct.add(to);
    }
  });
  if (!hasMembers) return;
  entries.forEach((e, i) => {
    if (e.source !== undefined) packages[i].direct = direct.has(i);
  });
}
