import type { Inventory } from "../model/inventory.js";

/** One package as `bulwark inventory --format json` writes it. */
export interface InventoryJsonPackage {
  ecosystem: string;
  name: string;
  version: string;
  purl: string;
  direct: boolean | null;
  groups: string[];
  locations: { path: string; line?: number }[];
  dependencies: string[];
  /** Present (false) only for declared ranges that no lockfile resolved. */
  resolved?: false;
  commit?: string;
  /** Integrity hashes, where the lockfile records them. */
  hashes?: string[];
  /** SPDX licence ids or expressions, where known. */
  licenses?: string[];
}

/** The document of `bulwark inventory --format json`. */
export interface InventoryJson {
  packages: InventoryJsonPackage[];
  sources: { path: string; format: string }[];
  errors: { path: string; line?: number; message: string }[];
}

/**
 * The stable JSON shape of an inventory: fields in a fixed order, `direct` null when the format cannot tell,
 * `resolved: false` only on unresolved ranges, `commit` only for packages taken from git.
 */
export function inventoryToJson(inventory: Inventory): InventoryJson {
  return {
    packages: inventory.packages.map((p) => {
      const out: InventoryJsonPackage = {
        ecosystem: p.ecosystem,
        name: p.name,
        version: p.version,
        purl: p.purl,
        direct: p.direct ?? null,
        groups: p.groups,
        locations: p.locations.map((l) => (l.line ? { path: l.path, line: l.line } : { path: l.path })),
        dependencies: p.dependencies,
      };
      if (!p.resolved) out.resolved = false;
      if (p.commit) out.commit = p.commit;
      if (p.hashes?.length) out.hashes = p.hashes;
      if (p.licenses?.length) out.licenses = p.licenses;
      return out;
    }),
    sources: inventory.sources.map((s) => ({ path: s.path, format: s.format })),
    errors: inventory.errors.map((e) =>
      e.line ? { path: e.path, line: e.line, message: e.message } : { path: e.path, message: e.message },
    ),
  };
}
