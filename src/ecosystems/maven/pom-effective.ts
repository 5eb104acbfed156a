import { posix } from "node:path";
import type { InventoryError } from "../../model/inventory.js";
import { builtinProperties, interpolate } from "./pom-interpolation.js";
import { type DeclaredDependency, type PomModel, readPom } from "./pom-model.js";

/** A pom read from the tree: its model, its path for readFile (relative to the scanned pom's folder) and as shown. */
interface LoadedPom {
  model: PomModel;
  file: string;
  shown: string;
}

/** A dependency of the effective model: coordinates interpolated, version and scope managed. */
export interface EffectiveDependency {
  groupId: string;
  artifactId: string;
  /** The version, or what stands for it when unresolved: "" (none), "${prop}" (undefined property), a range. */
  version: string;
  resolved: boolean;
  scope: string;
  optional: boolean;
  path: string;
  line?: number;
}

interface Managed {
  version?: string;
  scope?: string;
}

/** How poms are found: the scanned pom's readFile, its displayed path, where problems go. */
export interface PomContext {
  readFile(path: string): Promise<string | undefined>;
  shownDir: string;
  errors: InventoryError[];
}

// Parent chains and BOM imports are short in real projects; anything longer is a loop or hostile.
const MAX_CHAIN = 20;
const MAX_IMPORT_DEPTH = 5;

/**
 * Maven's effective dependency list of a pom, from what the tree holds: parents found through
 * `<relativePath>` (default ../pom.xml) whose coordinates match, properties and project.* values
 * interpolated, dependencyManagement (own, inherited, and BOM imports when the BOM's pom is in the tree)
 * supplying versions and scopes. A child's declaration replaces its parent's for the same
 * groupId:artifactId:type:classifier, and within one pom the last declaration wins, as in Maven. Whatever
 * cannot be resolved is kept, marked unresolved, and explained in `ctx.errors`.
 */
export async function effectiveDependencies(
  self: PomModel,
  file: string,
  ctx: PomContext,
): Promise<EffectiveDependency[]> {
  const start: LoadedPom = { model: self, file, shown: shownPath(ctx, file) };
  const chain = await loadChain(start, ctx);
  const properties = mergedProperties(chain);
  const managed = await managedVersions(chain, properties, ctx, []);

  const declared = new Map<string, { dep: DeclaredDependency; pom: LoadedPom }>();
  for (const pom of [...chain].reverse()) {
    const seen = new Set<string>();
    for (const dep of pom.model.dependencies) {
      const key = managementKey(dep, properties);
      if (seen.has(key)) {
        ctx.errors.push({
          path: pom.shown,
          line: dep.line,
          message: `${key} is declared twice; Maven uses the last declaration`,
        });
      }
      seen.add(key);
      declared.set(key, { dep, pom }); // the first declaration's place, the last one's content (LinkedHashMap.put)
    }
  }

  const out: EffectiveDependency[] = [];
  for (const { dep, pom } of declared.values()) {
    const groupId = interpolate(dep.groupId ?? "", properties);
    const artifactId = interpolate(dep.artifactId ?? "", properties);
    if (!groupId.value || !artifactId.value || groupId.missing.length + artifactId.missing.length > 0) {
      ctx.errors.push({
        path: pom.shown,
        line: dep.line,
        message: `dependency ${groupId.value || "?"}:${artifactId.value || "?"} has no resolvable groupId and artifactId; it is not reported`,
      });
      continue;
    }
    const name = `${groupId.value}:${artifactId.value}`;
    const management = managed.get(name);
    const version = resolveVersion(name, dep.version ?? management?.version, properties);
    if (version.problem) ctx.errors.push({ path: pom.shown, line: dep.line, message: version.problem });
    out.push({
      groupId: groupId.value,
      artifactId: artifactId.value,
      version: version.value,
      resolved: !version.problem,
      scope: interpolate(dep.scope ?? management?.scope ?? "compile", properties).value,
      optional: interpolate(dep.optional ?? "", properties).value === "true",
      path: pom.shown,
      line: dep.line,
    });
  }
  return out;
}

function resolveVersion(
  name: string,
  declared: string | undefined,
  properties: ReadonlyMap<string, string>,
): { value: string; problem?: string } {
  if (!declared) {
    return {
      value: "",
      problem: `${name}: no version, and none managed by this pom, its parents or BOMs found in the tree`,
    };
  }
  const { value, missing } = interpolate(declared, properties);
  if (missing.length > 0) {
    return {
      value,
      problem: `${name}: version ${declared} uses undefined propert${missing.length > 1 ? "ies" : "y"} ${missing.join(", ")}`,
    };
  }
  if (/^[[(]/.test(value)) {
    return { value, problem: `${name}: version range ${value} is chosen at build time from the repository` };
  }
  return { value };
}

function managementKey(dep: DeclaredDependency, properties: ReadonlyMap<string, string>): string {
  const part = (v: string | undefined) => interpolate(v ?? "", properties).value;
  return [part(dep.groupId), part(dep.artifactId), part(dep.type) || "jar", part(dep.classifier)]
    .join(":")
    .replace(/:$/, "");
}

/** How a pom found relative to the scanned one is shown: beside the scanned pom's shown path. */
function shownPath(ctx: PomContext, file: string): string {
  return posix.normalize(posix.join(ctx.shownDir, file));
}

/** A pom of the tree, or undefined when absent; one that cannot be read is reported (as `what`) and skipped. */
async function loadPom(file: string, ctx: PomContext, what: string): Promise<LoadedPom | undefined> {
  const text = await ctx.readFile(file);
  if (text === undefined) return undefined;
  const shown = shownPath(ctx, file);
  try {
    return { model: readPom(text), file, shown };
  } catch (error) {
    const { line, column, message } = error as Error & { line?: number; column?: number };
    ctx.errors.push({ path: shown, line, ...(column ? { column } : {}), message: `${what}: ${message}` });
    return undefined;
  }
}

/** The pom and its ancestors found in the tree, nearest first. */
async function loadChain(start: LoadedPom, ctx: PomContext): Promise<LoadedPom[]> {
  const chain = [start];
  const visited = new Set([start.file]);
  for (let pom = start; pom.model.parent && chain.length < MAX_CHAIN; ) {
    const parent = pom.model.parent;
    const absent = (["groupId", "artifactId", "version"] as const).filter((k) => !parent[k]);
    if (absent.length > 0) {
      // Maven refuses such a pom ("parent.artifactId is missing"): there is no parent to look for
      ctx.errors.push({
        path: pom.shown,
        line: parent.line,
        message: `<parent> without ${absent.join(", ")}: its dependencies, properties and versions are unknown`,
      });
      break;
    }
    const coordinates = `${parent.groupId}:${parent.artifactId}:${parent.version}`;
    const missing = `parent ${coordinates} is not in the tree: dependencies, properties and versions it would supply are unknown`;
    if (parent.relativePath === "") {
      ctx.errors.push({ path: pom.shown, line: parent.line, message: missing });
      break;
    }
    let relative = parent.relativePath ?? "../pom.xml";
    if (!relative.endsWith(".xml")) relative = posix.join(relative, "pom.xml");
    const file = posix.normalize(posix.join(posix.dirname(pom.file), relative));
    const found = visited.has(file) ? undefined : await loadPom(file, ctx, `parent ${coordinates}`);
    const m = found?.model;
    if (
      !found ||
      !m ||
      m.artifactId !== parent.artifactId ||
      (m.groupId ?? m.parent?.groupId) !== parent.groupId
    ) {
      ctx.errors.push({ path: pom.shown, line: parent.line, message: missing });
      break;
    }
    visited.add(file);
    chain.push(found);
    pom = found;
  }
  return chain;
}

/** Properties of the chain, the child's winning, then the project.* values of the scanned pom (Maven interpolates after inheritance). */
function mergedProperties(chain: LoadedPom[]): Map<string, string> {
  const properties = new Map<string, string>();
  for (const pom of [...chain].reverse()) for (const [k, v] of pom.model.properties) properties.set(k, v);
  for (const [k, v] of builtinProperties(chain[0].model)) properties.set(k, v);
  return properties;
}

/**
 * groupId:artifactId -> managed version and scope: the chain's own entries (child first), then the entries
 * of imported BOMs (scope import, type pom) found in the tree, which never override explicit ones.
 */
async function managedVersions(
  chain: LoadedPom[],
  properties: ReadonlyMap<string, string>,
  ctx: PomContext,
  importing: string[],
): Promise<Map<string, Managed>> {
  const managed = new Map<string, Managed>();
  const imports: { dep: DeclaredDependency; pom: LoadedPom }[] = [];
  for (const pom of chain) {
    for (const dep of pom.model.managed) {
      const name = `${interpolate(dep.groupId ?? "", properties).value}:${interpolate(dep.artifactId ?? "", properties).value}`;
      if (dep.scope === "import" && (dep.type ?? "jar") === "pom") imports.push({ dep, pom });
      else if (!managed.has(name)) {
        managed.set(name, {
          version: dep.version && interpolate(dep.version, properties).value,
          scope: dep.scope,
        });
      }
    }
  }
  for (const { dep, pom } of imports) {
    const bom = await findBom(dep, properties, ctx, importing, pom);
    for (const [name, entry] of bom ?? []) if (!managed.has(name)) managed.set(name, entry);
  }
  return managed;
}

/**
 * A BOM's managed versions when its pom is in the tree: a module named after its artifactId beside the
 * importing pom or up to two folders above it, or the aggregator pom of those folders.
 */
async function findBom(
  dep: DeclaredDependency,
  properties: ReadonlyMap<string, string>,
  ctx: PomContext,
  importing: string[],
  importer: LoadedPom,
): Promise<Map<string, Managed> | undefined> {
  const groupId = interpolate(dep.groupId ?? "", properties).value;
  const artifactId = interpolate(dep.artifactId ?? "", properties).value;
  const version = interpolate(dep.version ?? "", properties).value;
  const coordinates = `${groupId}:${artifactId}:${version}`;
  // A BOM whose parent imports the BOM itself is common (a project's parent importing its own bom module).
  if (importing.includes(coordinates)) return undefined;
  if (importing.length < MAX_IMPORT_DEPTH) {
    const dir = posix.dirname(importer.file);
    // Relative to the importing pom, as the inventory shows paths relative to the scanned file.
    const candidates = ["", "..", "../.."].flatMap((up) => [
      posix.join(dir, up, artifactId, "pom.xml"),
      posix.join(dir, up, "pom.xml"),
    ]);
    for (const file of candidates) {
      if (file === importer.file) continue;
      const bom = await loadPom(file, ctx, `BOM ${coordinates}`);
      const m = bom?.model;
      if (!bom || !m || m.artifactId !== artifactId || (m.groupId ?? m.parent?.groupId) !== groupId) continue;
      const chain = await loadChain(bom, ctx);
      return managedVersions(chain, mergedProperties(chain), ctx, [...importing, coordinates]);
    }
  }
  ctx.errors.push({
    path: importer.shown,
    line: dep.line,
    message: `imported BOM ${coordinates} is not in the tree: the versions it manages are unknown`,
  });
  return undefined;
}
