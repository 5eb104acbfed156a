import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { parseJsonText } from "../json-text.js";
import { newPackage } from "../new-package.js";
import { isRecord, requireRecord, stringField } from "../parse-text.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { parseConanRef } from "./conan-ref.js";
import { CONAN_LOCK_FORMAT } from "./extractors.js";

/** Conan 2 lockfile lists and the group their packages belong to (empty = production). */
const V2_LISTS = [
  ["requires", []],
  ["build_requires", ["build"]],
  ["python_requires", ["build"]],
] as const;

/**
 * Conan `conan.lock`: Conan 1 graph locks (versions 0.1–0.4: `graph_lock.nodes` with `ref` or `pref`, edges
 * by node id in `requires` / `build_requires`) and Conan 2 lockfiles (version 0.5: `requires`,
 * `build_requires`, `python_requires` lists of references). The consumer's own node (the one with a `path`)
 * is not a package; build requirements get the group "build".
 */
export const conanLockExtractor: SyncExtractor = {
  ...CONAN_LOCK_FORMAT,
  extract: extractConanLock,
};

function extractConanLock({ path, text }: ExtractInput): ExtractResult {
  const doc = requireRecord(parseJsonText(text, "conan.lock"), "conan.lock");
  const errors: InventoryError[] = [];
  const packages = isRecord(doc.graph_lock)
    ? fromGraphLock(path, doc.graph_lock, errors)
    : fromV2(path, doc, errors);
  return errors.length > 0 ? { packages, errors } : { packages };
}

function newConanPackage(
  path: string,
  ref: string,
  groups: readonly string[],
  errors: InventoryError[],
): Package | undefined {
  const parsed = parseConanRef(ref);
  if (!parsed) {
    errors.push({ path, message: `reference "${ref}" has no name/version: skipped` });
    return undefined;
  }
  return newPackage({
    ecosystem: "ConanCenter",
    name: parsed.name,
    version: parsed.version,
    groups: [...groups],
    locations: [{ path }],
  });
}

function fromV2(path: string, doc: Record<string, unknown>, errors: InventoryError[]): Package[] {
  if (!V2_LISTS.some(([key]) => key in doc)) {
    throw new ExtractError('neither "graph_lock" nor "requires": not a Conan lockfile', {
      hint: "conan.lock is written by `conan lock create`",
    });
  }
  const packages: Package[] = [];
  for (const [key, groups] of V2_LISTS) {
    const refs = doc[key];
    if (refs === undefined) continue;
    if (!Array.isArray(refs)) {
      errors.push({ path, message: `"${key}" is not a list of references: not read` });
      continue;
    }
    for (const ref of refs) {
      if (typeof ref !== "string") {
        errors.push({ path, message: `an entry of "${key}" is not a reference string: skipped` });
        continue;
      }
      const pkg = newConanPackage(path, ref, groups, errors);
      if (pkg) packages.push(pkg);
    }
  }
  return packages;
}

function fromGraphLock(path: string, graph: Record<string, unknown>, errors: InventoryError[]): Package[] {
  if (!isRecord(graph.nodes)) {
    errors.push({ path, message: '"graph_lock" has no "nodes" object: no package could be read' });
    return [];
  }
  const nodes = graph.nodes;
  const buildOnly = buildOnlyNodes(nodes);
  const byId = new Map<string, Package>();
  for (const [id, node] of Object.entries(nodes)) {
    if (!isRecord(node)) {
      errors.push({ path, message: `graph node "${id}" is not an object: skipped` });
      continue;
    }
    if ("path" in node) continue;
    const ref = stringField(node, "ref") ?? stringField(node, "pref");
    if (!ref) continue;
    const pkg = newConanPackage(path, ref, buildOnly.has(id) ? ["build"] : [], errors);
    if (pkg) byId.set(id, pkg);
  }
  for (const [id, node] of Object.entries(nodes)) {
    const pkg = byId.get(id);
    if (!pkg || !isRecord(node)) continue;
    for (const target of [...nodeIds(node.requires), ...nodeIds(node.build_requires)]) {
      const dep = byId.get(target);
      if (dep && !pkg.dependencies.includes(dep.purl)) pkg.dependencies.push(dep.purl);
    }
  }
  return [...byId.values()];
}

/** Node ids of a `requires` value: a list of ids (0.2+) or a map from reference to id (0.1). */
function nodeIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (isRecord(value)) return Object.values(value).map(String);
  return [];
}

/**
 * Nodes the consumer needs only to build: reachable from the consumer's node (the one with a `path`) through
 * `build_requires` somewhere on the way, but not through `requires` alone.
 */
function buildOnlyNodes(nodes: Record<string, unknown>): Set<string> {
  const roots = Object.entries(nodes)
    .filter(([, node]) => isRecord(node) && "path" in node)
    .map(([id]) => id);
  const host = reachable(nodes, roots, ["requires"]);
  const all = reachable(nodes, roots, ["requires", "build_requires"]);
  return new Set([...all].filter((id) => !host.has(id)));
}

function reachable(nodes: Record<string, unknown>, roots: string[], keys: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = nodes[id];
    if (isRecord(node)) for (const key of keys) stack.push(...nodeIds(node[key]));
  }
  return seen;
}
