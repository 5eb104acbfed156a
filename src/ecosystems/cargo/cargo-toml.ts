import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { newPackage } from "../new-package.js";
import { asRecord } from "../parse-text.js";
import { parseTomlText } from "../parse-toml.js";
import { tableKeyLine } from "../toml-document.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { CARGO_TOML_FORMAT } from "./extractors.js";

const ECOSYSTEM = "crates.io";

/** Dependency tables of a manifest and the group their crates belong to. */
const SECTIONS: Record<string, string[]> = {
  dependencies: [],
  "dev-dependencies": ["dev"],
  dev_dependencies: ["dev"],
  "build-dependencies": ["build"],
  build_dependencies: ["build"],
};

/**
 * Cargo.toml without a Cargo.lock beside it: the declared dependencies (also `[target.*.*dependencies]` and
 * `[workspace.dependencies]`), unresolved, since a requirement such as "0.3" is a range. Git dependencies
 * carry their `rev` as commit and their `tag` as version. When a Cargo.lock sits beside the manifest (or at
 * the scanned root, for workspaces), it is the authority and the manifest yields nothing.
 */
export const cargoTomlExtractor: Extractor = {
  ...CARGO_TOML_FORMAT,
  async extract(input: ExtractInput): Promise<ExtractResult> {
    const doc = parseTomlText(input.text, "Cargo.toml");
    if (
      (await input.readFile("Cargo.lock")) !== undefined ||
      (await input.readFile("/Cargo.lock")) !== undefined
    ) {
      return { packages: [] };
    }
    const packages: Package[] = [];
    const errors: InventoryError[] = [];
    const lines = input.text.split("\n");
    const tables: [string, unknown][] = Object.entries(doc);
    const target = asRecord(doc.target);
    if (target)
      for (const platform of Object.values(target)) tables.push(...Object.entries(asRecord(platform) ?? {}));
    const workspace = asRecord(doc.workspace);
    if (workspace) tables.push(["dependencies", workspace.dependencies]);

    for (const [section, value] of tables) {
      const groups = SECTIONS[section];
      const deps = asRecord(value);
      if (!groups || !deps) continue;
      for (const [key, spec] of Object.entries(deps)) {
        const line = tableKeyLine(lines, section, key);
        const dep = readDependency(key, spec);
        if (typeof dep === "string") {
          errors.push({ path: input.path, line, message: `${section}.${key}: ${dep}` });
          continue;
        }
        if (!dep) continue;
        packages.push(
          newPackage({
            ecosystem: ECOSYSTEM,
            ...dep,
            direct: true,
            groups,
            resolved: false,
            locations: [{ path: input.path, line }],
          }),
        );
      }
    }
    return { packages, errors };
  },
};

/** A dependency's crate name, declared version and commit; undefined for path and inherited ones (not crates). */
function readDependency(
  key: string,
  spec: unknown,
): { name: string; version: string; commit?: string } | string | undefined {
  if (typeof spec === "string") return { name: key, version: spec };
  const table = asRecord(spec);
  if (!table) return "a dependency is a version string or a table";
  for (const field of ["version", "git", "tag", "rev", "branch", "path", "package"]) {
    if (table[field] !== undefined && typeof table[field] !== "string") return `"${field}" must be a string`;
  }
  const { version, git, tag, rev, path, package: renamed } = table as Record<string, string | undefined>;
  if (table.workspace === true || (path !== undefined && version === undefined && git === undefined))
    return undefined;
  const name = renamed ?? key;
  if (git !== undefined) {
    return {
      name,
      version: version ?? tag ?? "",
      commit: rev && /^[0-9a-f]{7,40}$/.test(rev) ? rev : undefined,
    };
  }
  return version === undefined ? "neither a version nor a git source" : { name, version };
}
