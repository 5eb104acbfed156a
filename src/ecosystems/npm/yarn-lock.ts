import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { normalizeLineBreaks } from "../line-breaks.js";
import { isRecord } from "../parse-text.js";
import { parseYamlDocuments } from "../parse-yaml.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { YARN_LOCK_FORMAT } from "./extractors.js";
import { dedupePackages, npmPackage, purlMaker } from "./npm-package.js";
import { groupsFromRoots, type Root } from "./reachability.js";
import { declarationsWithGroups, parseAlias } from "./spec.js";
import { splitDescriptor, yarnCommit } from "./yarn-commit.js";

/** One resolved entry of a yarn.lock, whatever its version. */
interface YarnEntry {
  descriptors: string[];
  name: string;
  version: string;
  resolved?: string;
  integrity?: string;
  dependencies: Map<string, string>;
  line: number;
  /** The workspace root itself ("x@workspace:."): the project, not a dependency. */
  isRoot?: boolean;
}

/**
 * yarn.lock, both the classic v1 format (parsed line by line) and Berry (v2+, YAML with `__metadata`).
 * Aliased entries ("alias@npm:real@range") are reported under the real name; git entries carry their
 * commit; the workspace root is not a package. Direct dependencies and groups (dev, optional, peer, through
 * the graph) come from the package.json beside the lockfile; without it, direct ones come from the Berry
 * root workspace entry.
 */
export async function extractYarnLock(input: ExtractInput): Promise<ExtractResult> {
  // yarn's own reader ends lines at CR LF and lone CR too (v1's tokenizer, YAML for Berry)
  const text = normalizeLineBreaks(input.text);
  const isBerry = /^__metadata:/m.test(text);
  const errors: InventoryError[] = [];
  const entries = isBerry ? parseBerry(text, input.path, errors) : parseClassic(text);
  const byDescriptor = new Map<string, YarnEntry>();
  for (const e of entries) for (const d of e.descriptors) byDescriptor.set(d, e);
  const resolve = (name: string, range: string): YarnEntry | undefined =>
    byDescriptor.get(`${name}@${range}`) ??
    byDescriptor.get(`${name}@npm:${range}`) ??
    (range === "" ? byDescriptor.get(name) : undefined);

  const makePurl = purlMaker();
  const purlOf = (e: YarnEntry) => makePurl(e.name, e.version);

  // The package.json beside the lockfile says what is direct and in which group; without it, the Berry
  // root workspace entry still says what is direct.
  const roots: { entry: YarnEntry; group: Root["group"] }[] = [];
  const manifest = await readManifest(input);
  const declarations = manifest
    ? declarationsWithGroups(manifest)
    : [...(entries.find((e) => e.isRoot)?.dependencies ?? [])].map(([name, range]) => ({
        name,
        range,
        group: "" as const,
      }));
  for (const { name, range, group } of declarations) {
    const found = resolve(name, range);
    if (found) roots.push({ entry: found, group });
  }
  const known = manifest !== undefined || entries.some((e) => e.isRoot);
  const direct = new Set(roots.map((r) => r.entry));

  const packages: Package[] = [];
  for (const e of entries) {
    if (e.isRoot) continue;
    const dependencies: string[] = [];
    for (const [name, range] of e.dependencies) {
      const found = resolve(name, range);
      if (found && !found.isRoot) dependencies.push(purlOf(found));
    }
    packages.push(
      npmPackage({
        name: e.name,
        version: e.version,
        commit: yarnCommit(e.resolved),
        direct: known ? direct.has(e) : undefined,
        dependencies,
        hashes: e.integrity ? [e.integrity] : undefined,
        locations: [{ path: input.path, line: e.line }],
      }),
    );
  }
  if (manifest)
    groupsFromRoots(
      packages,
      roots.map((r) => ({ purl: purlOf(r.entry), group: r.group })),
    );
  const deduped = dedupePackages(packages);
  return errors.length > 0 ? { packages: deduped, errors } : { packages: deduped };
}

/** The package.json beside the lockfile, parsed; undefined when absent or unreadable. */
async function readManifest(input: ExtractInput): Promise<unknown> {
  const text = await input.readFile("package.json");
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // direct/transitive and groups stay unknown rather than failing the lockfile
  }
}

/** The real package name of a descriptor, seeing through "alias@npm:real@range". */
function realName(descriptor: string): string {
  const { name, range } = splitDescriptor(descriptor);
  const alias = parseAlias(range);
  if (alias && alias.spec !== "" && !/^[~^<>=*\d]/.test(alias.name)) return alias.name;
  return name;
}

function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return t.slice(1, -1);
    }
  }
  return t;
}

/** Classic yarn.lock: unindented "desc, desc:" headers, two-space fields, four-space dependency lists. */
function parseClassic(text: string): YarnEntry[] {
  const entries: YarnEntry[] = [];
  const lines = text.split("\n");
  let current: YarnEntry | undefined;
  let inDeps = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) continue;
    const indent = raw.length - raw.trimStart().length;
    const content = raw.trim();
    if (indent === 0) {
      if (!content.endsWith(":")) {
        throw new ExtractError(`could not extract: line ${i + 1} is not a yarn.lock entry header`, {
          line: i + 1,
          hint: "a yarn.lock v1 entry starts with `name@range:`",
        });
      }
      const descriptors = splitHeader(content.slice(0, -1));
      current = {
        descriptors,
        name: realName(descriptors[0] ?? ""),
        version: "",
        dependencies: new Map(),
        line: i + 1,
      };
      entries.push(current);
      inDeps = false;
    } else if (!current) {
      throw new ExtractError(`could not extract: indented line ${i + 1} before any entry`, { line: i + 1 });
    } else if (indent <= 2) {
      inDeps = content === "dependencies:" || content === "optionalDependencies:";
      const m = /^("(?:[^"\\]|\\.)*"|\S+)\s+(.*)$/.exec(content);
      if (!m) continue;
      const key = unquote(m[1]!);
      const value = unquote(m[2]!);
      if (key === "version") current.version = value;
      else if (key === "resolved") current.resolved = value;
      else if (key === "integrity") current.integrity = value;
    } else if (inDeps) {
      const m = /^("(?:[^"\\]|\\.)*"|\S+)\s+(.*)$/.exec(content);
      if (m) current.dependencies.set(unquote(m[1]!), unquote(m[2]!));
    }
  }
  return entries;
}

/** `a@^1, "b@npm:x@^2"` -> ["a@^1", "b@npm:x@^2"]. */
function splitHeader(header: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^,\s]+)/g;
  for (let m = re.exec(header); m; m = re.exec(header))
    out.push(m[1] !== undefined ? unquote(`"${m[1]}"`) : m[2]!);
  return out;
}

/** Berry (yarn 2+): a YAML map of "desc, desc" keys; the resolution names the real package and source. */
function parseBerry(text: string, path: string, errors: InventoryError[]): YarnEntry[] {
  const doc = parseYamlDocuments(text, "yarn.lock")[0];
  if (!isRecord(doc)) {
    throw new ExtractError("could not extract: the yarn.lock is not a YAML map", {
      hint: "a yarn.lock of yarn 2+ starts with `__metadata:`",
    });
  }
  const lineOf = topLevelKeyLines(text);
  const entries: YarnEntry[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (key === "__metadata") continue;
    if (!isRecord(value)) {
      errors.push({ path, line: lineOf.get(key), message: `entry "${key}" is not a mapping: skipped` });
      continue;
    }
    const descriptors = key.split(",").map((d) => d.trim());
    const resolution = typeof value.resolution === "string" ? value.resolution : "";
    const { name: resolvedName, range: source } = splitDescriptor(resolution);
    const dependencies = new Map<string, string>();
    for (const field of ["dependencies", "optionalDependencies", "peerDependencies"]) {
      const deps = value[field];
      if (isRecord(deps))
        for (const [n, r] of Object.entries(deps)) if (!dependencies.has(n)) dependencies.set(n, String(r));
    }
    entries.push({
      descriptors,
      name: resolvedName || realName(descriptors[0] ?? ""),
      version: value.version === undefined ? "" : String(value.version),
      resolved: resolution,
      integrity: typeof value.checksum === "string" ? value.checksum : undefined,
      dependencies,
      line: lineOf.get(key) ?? 0,
      isRoot: source === "workspace:.",
    });
  }
  return entries;
}

/** Line of each unindented "key:" of a YAML text (keys unquoted as YAML reads them). */
function topLevelKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let line = 0;
  for (const raw of text.split("\n")) {
    line++;
    const c = raw.charCodeAt(0);
    if (Number.isNaN(c) || c === 32 || c === 9 || c === 35) continue;
    const trimmed = raw.trimEnd();
    if (!trimmed.endsWith(":")) continue;
    lines.set(unquote(trimmed.slice(0, -1)), line);
  }
  return lines;
}

/** The yarn.lock extractor (classic v1 and Berry). */
export const yarnLockExtractor: Extractor = {
  ...YARN_LOCK_FORMAT,
  extract: extractYarnLock,
};
