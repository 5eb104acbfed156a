import { ecosystemBase } from "../advisories/ecosystem-match.js";
import { normalizeName } from "../ecosystems/index.js";
import { advisoryRef } from "../ecosystems/os-purl.js";
import { InventoryInputError } from "../inventory/errors.js";
import { inventorySource } from "../inventory/index.js";
import { MemorySource } from "../inventory/memory-source.js";
import type { Inventory } from "../model/inventory.js";
import type { SourceLocation } from "../model/package.js";
import { detectDocumentFormat } from "../sbom/detect.js";
import { DependencyGraph } from "../scan/paths.js";

/** What an upload was recognised as, and what it contains. */
export interface ParsedUpload {
  /** The reader's format name ("bom.json", "bom.xml", "spdx.json", "spdx", "bulwark-inventory.json"). */
  format: string;
  inventory: Inventory;
}

/**
 * Reads an uploaded document — CycloneDX (JSON or XML), SPDX (JSON or tag-value) or a Bulwark inventory —
 * recognised from its content, with the same readers as `bulwark scan --sbom`. Throws InventoryInputError:
 * UNKNOWN_FORMAT when it is none of them, PARSE_FAILED when its reader cannot read it (the message says
 * what and where). Nothing is stored here.
 */
export async function parseUpload(
  text: string,
  options: { maxBytes: number; signal?: AbortSignal },
): Promise<ParsedUpload> {
  const format = detectDocumentFormat(text);
  if (!format)
    throw new InventoryInputError("the body is not a CycloneDX, SPDX or Bulwark inventory document", {
      code: "UNKNOWN_FORMAT",
      hint: "send CycloneDX JSON/XML, SPDX JSON/tag-value, or the output of `bulwark inventory --format json`",
    });
  const name = "upload";
  const inventory = await inventorySource(
    { source: new MemorySource({ [name]: text }, "the upload"), lockfiles: [{ format, path: name }] },
    { maxFileBytes: options.maxBytes, signal: options.signal },
  );
  return { format, inventory };
}

/** One component of a project version's current snapshot, as the portfolio stores and indexes it. */
export interface ComponentRecord {
  purl: string;
  /** OSV ecosystem as the inventory names it (with release suffix, e.g. "Debian:12"). */
  ecosystem: string;
  /**
   * The reverse index key: ecosystem base and normalised name under which advisories know the package (the
   * source package for OS packages, see advisoryRef), as the advisory index keys records.
   */
  indexEcosystem: string;
  indexName: string;
  name: string;
  version: string;
  /** False for a declared range that nothing resolved: listed, never matched. */
  resolved: boolean;
  /** True declared by the project, false transitive, undefined when the format cannot tell. */
  direct?: boolean;
  /** "runtime" (no groups), else the groups ("dev", "optional", ...) joined by commas. */
  scope: string;
  licenses: string[];
  locations: SourceLocation[];
  /** Up to three dependency paths from a direct dependency (purls), shortest first. */
  paths: string[][];
  commit?: string;
}

/**
 * The components of an inventory, each with its reverse-index key and its dependency paths computed once at
 * upload time, so that an advisory import later needs no project's graph.
 */
export function componentsOf(inventory: Inventory): ComponentRecord[] {
  const graph = new DependencyGraph(inventory.packages);
  return inventory.packages.map((p) => {
    const base = ecosystemBase(p.ecosystem);
    const known = advisoryRef(p);
    return {
      purl: p.purl,
      ecosystem: p.ecosystem,
      indexEcosystem: base,
      indexName: normalizeName(base, known.name),
      name: p.name,
      version: p.version,
      resolved: p.resolved,
      ...(p.direct !== undefined ? { direct: p.direct } : {}),
      scope: p.groups.length === 0 ? "runtime" : p.groups.join(","),
      licenses: p.licenses ?? [],
      locations: p.locations,
      paths: p.resolved ? graph.pathsTo(p.purl) : [],
      ...(p.commit ? { commit: p.commit } : {}),
    };
  });
}
