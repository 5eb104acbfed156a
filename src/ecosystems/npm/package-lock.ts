import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { createYielder } from "../../runtime/yield.js";
import { ExtractError } from "../errors.js";
import { scanJsonKeyLines } from "../json-key-lines.js";
import { parseJsonObject } from "../json-text.js";
import { isRecord, lineAndColumn } from "../parse-text.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { PACKAGE_LOCK_FORMAT, SHRINKWRAP_FORMAT } from "./extractors.js";
import { dedupePackages, npmPackage, purlMaker, sortedGroups } from "./npm-package.js";
import { declaredDependencies, gitCommit, isGitSpec, isLocalSpec, parseAlias } from "./spec.js";

const NM = "node_modules/";
const NPM_HINT = "regenerate the lockfile with `npm install`";

/**
 * package-lock.json (lockfile versions 1, 2 and 3) and npm-shrinkwrap.json. Versions 2 and 3 are read from
 * their flat `packages` map (paths like node_modules/a/node_modules/b), version 1 from its nested
 * `dependencies` tree. Aliases are reported under the real package name; link entries are resolved to their
 * target; git dependencies carry their commit.
 */
export async function extractPackageLock(input: ExtractInput): Promise<ExtractResult> {
  const name = input.path.slice(input.path.lastIndexOf("/") + 1);
  // npm ignores package-lock.json when npm-shrinkwrap.json sits beside it.
  if (name === "package-lock.json" && (await input.readFile("npm-shrinkwrap.json")) !== undefined) {
    return { packages: [] };
  }
  // A big lockfile (a monorepo's: megabytes) takes tens of milliseconds per phase: give the event loop a
  // turn between them, so that a server hosting the inventory keeps answering (bench/event-loop.ts).
  const pause = createYielder();
  const lock = parseJsonObject(input.text, "package-lock.json");
  const errors: InventoryError[] = [];
  if (isRecord(lock.packages)) {
    await pause();
    const packages = readPackagesMap(lock.packages, input, errors);
    await pause();
    return { packages: dedupePackages(packages), errors };
  }
  if (lock.packages !== undefined) {
    throw new ExtractError('could not extract: "packages" is not an object', { hint: NPM_HINT });
  }
  // lockfile versions 2 and 3 always hold a "packages" map (with the root package at ""): without it the
  // file lost its content, which must not read as a project without dependencies
  const version = Number(lock.lockfileVersion);
  if (version >= 3 || (version === 2 && lock.dependencies === undefined)) {
    throw new ExtractError(`could not extract: lockfileVersion ${version} without a "packages" object`, {
      hint: NPM_HINT,
    });
  }
  if (lock.dependencies !== undefined && !isRecord(lock.dependencies)) {
    throw new ExtractError('could not extract: "dependencies" is not an object', { hint: NPM_HINT });
  }
  const manifest = await input.readFile("package.json");
  let declared: Map<string, string> | undefined;
  if (manifest !== undefined) {
    try {
      declared = declaredDependencies(JSON.parse(manifest));
    } catch {
      declared = undefined; // direct/transitive stays unknown rather than failing the lockfile
    }
  }
  return {
    packages: dedupePackages(readDependencyTree(lock.dependencies ?? {}, input, declared, errors)),
    errors,
  };
}

/** Lockfile v2/v3: one entry per install path. */
function readPackagesMap(
  entries: Record<string, unknown>,
  input: ExtractInput,
  errors: InventoryError[],
): Package[] {
  const lines = new Map<string, number>();
  scanJsonKeyLines(input.text, (path, line) => {
    if (path.length === 3 && path[1] === "packages") lines.set(path[2], line);
    // Past the packages map nothing else is needed (a v2 lockfile repeats it as the v1 tree, half the file).
    else if (path.length === 2 && lines.size > 0) return false;
  });
  const paths = Object.keys(entries);

  const at = (path: string): Record<string, unknown> | undefined => {
    const entry = entries[path];
    return isRecord(entry) ? entry : undefined;
  };
  /** Follows link entries (workspaces, file: folders) to the entry they point at. */
  const target = (path: string): string => {
    for (let hops = 0; hops < 16; hops++) {
      const entry = at(path);
      if (!entry?.link || typeof entry.resolved !== "string") return path;
      path = entry.resolved;
    }
    return path;
  };
  // Install paths with a node_modules folder of their own: resolution builds no nested candidate elsewhere
  // (most packages are installed flat, so most lookups would build a path only to miss it).
  const nests = new Set<string>();
  for (const path of paths) {
    for (let cut = path.indexOf(`/${NM}`); cut > 0; cut = path.indexOf(`/${NM}`, cut + 1)) {
      nests.add(path.slice(0, cut));
    }
  }
  // What a name required from the project root resolves to, once per name.
  const fromRoot = new Map<string, string | undefined>();
  /** Where npm finds `dep` required from `from`: the nearest node_modules up the tree. */
  const resolve = (from: string, dep: string): string | undefined => {
    let base = from;
    while (base !== "") {
      if (nests.has(base)) {
        const candidate = `${base}/${NM}${dep}`;
        if (at(candidate)) return target(candidate);
      }
      const cut = base.lastIndexOf(`/${NM}`);
      base = cut >= 0 ? base.slice(0, cut) : "";
    }
    if (fromRoot.has(dep)) return fromRoot.get(dep);
    const candidate = NM + dep;
    const found = at(candidate) ? target(candidate) : undefined;
    fromRoot.set(dep, found);
    return found;
  };
  const makePurl = purlMaker();
  const identity = new Map<string, { name: string; version: string; commit?: string; purl: string }>();
  /** Name, version, commit and purl of the package installed at `path` (computed once per path). */
  const identify = (path: string) => {
    let id = identity.get(path);
    if (id) return id;
    const entry = at(path) ?? {};
    const cut = path.lastIndexOf(NM);
    const fromPath = cut >= 0 ? path.slice(cut + NM.length) : path.slice(path.lastIndexOf("/") + 1);
    let name = typeof entry.name === "string" && entry.name ? entry.name : fromPath;
    let version = typeof entry.version === "string" ? entry.version : "";
    const alias = parseAlias(version);
    if (alias) ({ name, spec: version } = alias);
    const resolved = typeof entry.resolved === "string" ? entry.resolved : undefined;
    const commit = gitCommit(resolved) ?? gitCommit(version);
    if (isLocalSpec(version) || (commit && isGitSpec(version))) version = "";
    id = { name, version, commit, purl: makePurl(name, version) };
    identity.set(path, id);
    return id;
  };

  // Direct = declared by the root or by a workspace package (a non-node_modules folder of the project).
  const direct = new Set<string>();
  for (const path of paths) {
    if (path !== "" && path.includes(NM)) continue;
    const entry = entries[path];
    if (!isRecord(entry) || entry.link) continue;
    for (const dep of declaredDependencies(entry).keys()) {
      const found = resolve(path, dep);
      if (found) direct.add(found);
    }
  }

  const packages: Package[] = [];
  for (const path of paths) {
    if (path === "") continue;
    const entry = entries[path];
    if (!isRecord(entry)) {
      errors.push(notAnObject(input.path, path, lines.get(path) ?? firstKeyLine(input.text, path)));
      continue;
    }
    if (entry.link) continue;
    const id = identify(path);
    const dependencies: string[] = [];
    for (const dep of runtimeDependencyNames(entry)) {
      const found = resolve(path, dep);
      if (found && found !== path) dependencies.push(identify(found).purl);
    }
    packages.push(
      npmPackage({
        name: id.name,
        version: id.version,
        purl: id.purl,
        commit: id.commit,
        direct: direct.has(path) || !path.includes(NM),
        groups: groupsOf(entry),
        dependencies,
        hashes: typeof entry.integrity === "string" ? [entry.integrity] : undefined,
        // npm 7+ records the package's declared licence (v2/v3 lockfiles only)
        licenses: typeof entry.license === "string" && entry.license ? [entry.license] : undefined,
        locations: [{ path: input.path, line: lines.get(path) }],
      }),
    );
  }
  return packages;
}

/** The dependency groups of an installed entry, sorted and without repeats (as sortedGroups gives them). */
function groupsOf(entry: Record<string, unknown>): string[] {
  const groups: string[] = [];
  if (entry.inBundle) groups.push("bundled");
  if (entry.dev || entry.devOptional) groups.push("dev");
  if (entry.optional || entry.devOptional) groups.push("optional");
  if (entry.peer) groups.push("peer");
  return groups;
}

// An installed package needs these at run time; its devDependencies are not installed with it.
const RUNTIME_FIELDS = ["dependencies", "optionalDependencies", "peerDependencies"] as const;

/** The names an installed entry needs, each once, in declaration order (as declaredDependencies lists them). */
function runtimeDependencyNames(entry: Record<string, unknown>): string[] {
  let names: string[] = [];
  let fields = 0;
  for (const field of RUNTIME_FIELDS) {
    const deps = entry[field];
    if (!isRecord(deps)) continue;
    names = fields++ === 0 ? Object.keys(deps) : names.concat(Object.keys(deps));
  }
  return fields > 1 ? [...new Set(names)] : names;
}

/** Lockfile v1: a nested tree of `dependencies`, each entry possibly holding its own nested ones. */
function readDependencyTree(
  root: Record<string, unknown>,
  input: ExtractInput,
  declared: Map<string, string> | undefined,
  errors: InventoryError[],
): Package[] {
  const lines = new Map<string, number>();
  scanJsonKeyLines(input.text, (path, line) => {
    // ["", "dependencies", name, "dependencies", name, ...]
    if (path.length >= 3 && path.length % 2 === 1 && path[path.length - 2] === "dependencies") {
      lines.set(path.filter((_, i) => i >= 2 && i % 2 === 0).join("\u0000"), line);
    }
  });
  const packages: Package[] = [];
  const makePurl = purlMaker();
  interface Scope {
    deps: Record<string, unknown>;
    parent?: Scope;
  }
  const identify = (key: string, entry: Record<string, unknown>) => {
    let name = key;
    let version = typeof entry.version === "string" ? entry.version : "";
    const alias = parseAlias(version);
    if (alias) ({ name, spec: version } = alias);
    const commit = gitCommit(version) ?? gitCommit(typeof entry.resolved === "string" ? entry.resolved : "");
    if (isLocalSpec(version) || isGitSpec(version)) version = "";
    return { name, version, commit };
  };
  const lookup = (scope: Scope | undefined, dep: string): Record<string, unknown> | undefined => {
    for (let s = scope; s; s = s.parent) {
      const entry = s.deps[dep];
      if (isRecord(entry)) return entry;
    }
    return undefined;
  };
  const visit = (scope: Scope, keyPath: string[]) => {
    if (keyPath.length > 500) {
      throw new ExtractError("could not extract: dependencies are nested more than 500 levels deep", {
        code: "INPUT_UNSAFE",
      });
    }
    for (const [key, entry] of Object.entries(scope.deps)) {
      const path = [...keyPath, key];
      if (!isRecord(entry)) {
        errors.push(notAnObject(input.path, path.join(" > "), lines.get(path.join("\u0000"))));
        continue;
      }
      const id = identify(key, entry);
      const groups: string[] = [];
      if (entry.dev) groups.push("dev");
      if (entry.optional) groups.push("optional");
      if (entry.bundled) groups.push("bundled");
      const own: Scope = { deps: isRecord(entry.dependencies) ? entry.dependencies : {}, parent: scope };
      const dependencies: string[] = [];
      if (isRecord(entry.requires)) {
        for (const dep of Object.keys(entry.requires)) {
          const found = lookup(own, dep);
          if (found) {
            const fid = identify(dep, found);
            dependencies.push(makePurl(fid.name, fid.version));
          }
        }
      }
      packages.push(
        npmPackage({
          name: id.name,
          version: id.version,
          purl: makePurl(id.name, id.version),
          commit: id.commit,
          direct: declared && keyPath.length === 0 ? declared.has(key) : declared ? false : undefined,
          groups: sortedGroups(groups),
          dependencies,
          hashes: typeof entry.integrity === "string" ? [entry.integrity] : undefined,
          locations: [{ path: input.path, line: lines.get(path.join("\u0000")) }],
        }),
      );
      if (isRecord(entry.dependencies)) visit(own, path);
    }
  };
  visit({ deps: root }, []);
  return packages;
}

/** Line of the first `"key":` in the text (only for error messages: scalar keys are not scanned). */
function firstKeyLine(text: string, key: string): number | undefined {
  const at = text.indexOf(`${JSON.stringify(key)}:`);
  return at < 0 ? undefined : lineAndColumn(text, at).line;
}

/** The error for an entry that is not an object: reported, not dropped silently. */
function notAnObject(file: string, entry: string, line: number | undefined): InventoryError {
  return { path: file, line, message: `entry "${entry}" is not an object; not read` };
}

/** package-lock.json and npm-shrinkwrap.json (same format; the shrinkwrap wins when both exist). */
export const packageLockExtractor: Extractor = {
  ...PACKAGE_LOCK_FORMAT,
  extract: extractPackageLock,
};

/** npm-shrinkwrap.json: the package-lock format under the name npm publishes with a package. */
export const shrinkwrapExtractor: Extractor = {
  ...SHRINKWRAP_FORMAT,
  extract: extractPackageLock,
};
