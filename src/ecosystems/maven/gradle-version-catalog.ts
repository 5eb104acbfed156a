import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { newPackage } from "../new-package.js";
import { asRecord } from "../parse-text.js";
import { parseTomlText } from "../parse-toml.js";
import { tableKeyLine } from "../toml-document.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { GRADLE_VERSION_CATALOG_FORMAT } from "./extractors.js";

const ECOSYSTEM = "Maven";

/**
 * Gradle version catalogs (gradle/libs.versions.toml and other gradle/*.versions.toml): each `[libraries]`
 * entry, in any of its forms ("group:name:version", `module`, `group`+`name`, `version` as a string,
 * `version.ref` into `[versions]`, or a rich version: strictly, then require, then prefer). A catalog
 * declares what the build asks for; a single version is reported as it, a range, a dynamic version
 * (`1.+`, `latest.release`) or no version is reported unresolved. Bundles and plugins are not libraries.
 */
export const gradleVersionCatalogExtractor: SyncExtractor = {
  ...GRADLE_VERSION_CATALOG_FORMAT,
  extract(input: ExtractInput): ExtractResult {
    const doc = parseTomlText(input.text, "Gradle version catalog");
    const versions = asRecord(doc.versions) ?? {};
    const lines = input.text.split("\n");
    const packages: Package[] = [];
    const errors: InventoryError[] = [];
    for (const [alias, spec] of Object.entries(asRecord(doc.libraries) ?? {})) {
      const line = tableKeyLine(lines, "libraries", alias);
      const library = readLibrary(spec, versions);
      if (typeof library === "string") {
        errors.push({ path: input.path, line, message: `library "${alias}": ${library}` });
        continue;
      }
      const resolved = library.version !== "" && !/[[\]()+,]|^latest\./.test(library.version);
      if (!resolved) {
        errors.push({
          path: input.path,
          line,
          message: `library "${alias}" (${library.name}) has ${library.version ? `the dynamic version ${library.version}` : "no version"}; Gradle resolves it at build time`,
        });
      }
      packages.push(
        newPackage({
          ecosystem: ECOSYSTEM,
          ...library,
          resolved,
          direct: true,
          locations: [{ path: input.path, line }],
        }),
      );
    }
    return { packages, errors };
  },
};

/** A library's group:name and version; a string explains why the entry cannot be read. */
function readLibrary(
  spec: unknown,
  versions: Record<string, unknown>,
): { name: string; version: string } | string {
  if (typeof spec === "string") {
    const [group, name, version = ""] = spec.split(":");
    return group && name ? { name: `${group}:${name}`, version } : `"${spec}" is not group:name[:version]`;
  }
  const entry = asRecord(spec);
  if (!entry) return "neither a coordinate string nor a table";
  const module = typeof entry.module === "string" ? entry.module : undefined;
  const coordinates =
    module ??
    (typeof entry.group === "string" && typeof entry.name === "string"
      ? `${entry.group}:${entry.name}`
      : undefined);
  if (coordinates?.split(":").length !== 2) return "no module or group and name";
  const version = readVersion(entry.version, versions);
  return typeof version === "string" ? { name: coordinates!, version } : version.problem;
}

/** "1.0", { ref }, { strictly | require | prefer }, with refs looked up in [versions] (which may be rich too). */
function readVersion(
  value: unknown,
  versions: Record<string, unknown>,
  depth = 0,
): string | { problem: string } {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  const rich = asRecord(value);
  if (!rich || depth > 1) return { problem: "version is neither a string nor a rich version" };
  if (typeof rich.ref === "string") {
    if (!(rich.ref in versions)) return { problem: `version.ref "${rich.ref}" is not in [versions]` };
    return readVersion(versions[rich.ref], versions, depth + 1);
  }
  for (const key of ["strictly", "require", "prefer"])
    if (typeof rich[key] === "string") return rich[key] as string;
  return { problem: "rich version without strictly, require, prefer or ref" };
}
