import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { scanJsonKeyLines } from "../json-key-lines.js";
import { parseJsonObject } from "../json-text.js";
import { isRecord } from "../parse-text.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { BUN_LOCK_FORMAT } from "./extractors.js";
import { stripJsoncExtras } from "./jsonc.js";
import { dedupePackages, npmPackage, purlMaker } from "./npm-package.js";
import { groupsFromRoots, type Root } from "./reachability.js";
import { gitCommit, parseAlias } from "./spec.js";
import { splitDescriptor } from "./yarn-commit.js";

/**
 * bun.lock (text lockfile, JSONC with trailing commas). `packages` maps an install path ("chalk",
 * "chalk/supports-color") to a tuple whose first item is "name@version" (or "name@github:o/r#sha",
 * "name@file:..."); its info object holds the dependencies. Aliased keys are reported under the real name.
 * Direct dependencies and groups come from the `workspaces` declarations through the graph.
 */
export function extractBunLock(input: ExtractInput): ExtractResult {
  const text = stripJsoncExtras(input.text);
  const lock = parseJsonObject(text, "bun.lock");
  const entries = isRecord(lock.packages) ? lock.packages : {};
  const lines = new Map<string, number>();
  scanJsonKeyLines(text, (path, line) => {
    if (path.length === 3 && path[1] === "packages") lines.set(path[2]!, line);
  });

  const errors: InventoryError[] = [];
  if (lock.packages !== undefined && !isRecord(lock.packages)) {
    errors.push({ path: input.path, message: '"packages" is not an object: no package could be read' });
  }
  const ids = new Map<
    string,
    { name: string; version: string; commit?: string; info: Record<string, unknown> }
  >();
  for (const [key, tuple] of Object.entries(entries)) {
    const head = Array.isArray(tuple) ? tuple[0] : undefined;
    if (typeof head !== "string") {
      errors.push({
        path: input.path,
        line: lines.get(key),
        message: `could not extract '${key}': its entry does not start with a "name@version" string`,
      });
      continue;
    }
    const { name, range } = splitDescriptor(head);
    const alias = parseAlias(range);
    const spec = alias ? alias.spec : range;
    const realName = alias ? alias.name : name;
    const commit = gitCommit(spec) ?? hashFragment(spec);
    const version = spec.startsWith("workspace:")
      ? workspaceVersion(lock.workspaces, spec.slice("workspace:".length))
      : /^[\d]/.test(spec) && !spec.includes(":")
        ? spec
        : "";
    const info = (tuple as unknown[]).find((item, i) => i > 0 && isRecord(item)) as
      | Record<string, unknown>
      | undefined;
    ids.set(key, { name: realName, version, commit, info: info ?? {} });
  }

  /** Where bun finds `dep` from the install path `from`: the nearest enclosing path, like node_modules. */
  const resolve = (from: string, dep: string): string | undefined => {
    let names = splitNames(from);
    for (;;) {
      const candidate = [...names, dep].join("/");
      if (ids.has(candidate)) return candidate;
      if (names.length === 0) return undefined;
      names = names.slice(0, -1);
    }
  };
  const makePurl = purlMaker();
  const purlOf = (key: string) => {
    const id = ids.get(key)!;
    return makePurl(id.name, id.version);
  };

  const roots: Root[] = [];
  const workspaces = isRecord(lock.workspaces) ? lock.workspaces : {};
  for (const ws of Object.values(workspaces)) {
    if (!isRecord(ws)) continue;
    for (const [field, group] of [
      ["dependencies", ""],
      ["devDependencies", "dev"],
      ["optionalDependencies", "optional"],
      ["peerDependencies", "peer"],
    ] as const) {
      const deps = ws[field];
      if (!isRecord(deps)) continue;
      for (const dep of Object.keys(deps)) {
        const found = resolve("", dep);
        if (found) roots.push({ purl: purlOf(found), group });
      }
    }
  }
  const direct = new Set(roots.map((r) => r.purl));

  const packages: Package[] = [];
  for (const [key, id] of ids) {
    const dependencies: string[] = [];
    for (const field of ["dependencies", "optionalDependencies", "peerDependencies"]) {
      const deps = id.info[field];
      if (!isRecord(deps)) continue;
      for (const dep of Object.keys(deps)) {
        const found = resolve(key, dep);
        if (found && found !== key) dependencies.push(purlOf(found));
      }
    }
    const tuple = entries[key] as unknown[];
    const integrity = tuple.find((item, i) => i > 0 && typeof item === "string" && /^sha\d+-/.test(item));
    const purl = purlOf(key);
    packages.push(
      npmPackage({
        name: id.name,
        version: id.version,
        commit: id.commit,
        direct: direct.has(purl),
        dependencies,
        hashes: typeof integrity === "string" ? [integrity] : undefined,
        locations: [{ path: input.path, line: lines.get(key) }],
      }),
    );
  }
  groupsFromRoots(packages, roots);
  return { packages: dedupePackages(packages), errors };
}

/** The version a workspace member declares in the lockfile's `workspaces` map ("" when it declares none). */
function workspaceVersion(workspaces: unknown, path: string): string {
  const ws = isRecord(workspaces) ? workspaces[path] : undefined;
  return isRecord(ws) && typeof ws.version === "string" ? ws.version : "";
}

/** "github:o/r#527e8ce" -> "527e8ce": bun writes short hashes after the "#" of git sources. */
function hashFragment(spec: string): string | undefined {
  const hash = spec.lastIndexOf("#");
  if (hash < 0 || !spec.includes(":")) return undefined;
  const fragment = spec.slice(hash + 1);
  return /^[0-9a-f]{7,40}$/i.test(fragment) ? fragment : undefined;
}

/** "chalk/@scope/pkg/x" -> ["chalk", "@scope/pkg", "x"]. */
function splitNames(path: string): string[] {
  if (path === "") return [];
  const parts = path.split("/");
  const names: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i]!.startsWith("@") && i + 1 < parts.length) {
      names.push(`${parts[i]}/${parts[i + 1]}`);
      i++;
    } else names.push(parts[i]!);
  }
  return names;
}

/** The bun.lock extractor (text lockfile; the binary bun.lockb is not read). */
export const bunLockExtractor: SyncExtractor = {
  ...BUN_LOCK_FORMAT,
  extract: extractBunLock,
};
