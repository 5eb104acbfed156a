import semver from "semver";
import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { normalizeLineBreaks } from "../line-breaks.js";
import { isRecord } from "../parse-text.js";
import { parseYamlDocuments } from "../parse-yaml.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { sectionKeyLines } from "../yaml-key-lines.js";
import { PNPM_LOCK_FORMAT } from "./extractors.js";
import { dedupePackages, npmPackage, purlMaker, sortedGroups } from "./npm-package.js";
import { groupsFromRoots, type Root } from "./reachability.js";
import { yarnCommit } from "./yarn-commit.js";

interface PackageId {
  name: string;
  version: string;
}

/** What a dependency path says: the name where it has one, the version when it is a valid one. */
interface ParsedKey {
  name?: string;
  version?: string;
}

const IMPORTER_FIELDS = [
  ["dependencies", ""],
  ["devDependencies", "dev"],
  ["optionalDependencies", "optional"],
] as const;

/**
 * pnpm-lock.yaml, lockfile versions 5.x ("/name/1.0.0_peer"), 6.x ("/name@1.0.0(peer)") and 9.x
 * ("name@1.0.0" with a separate `snapshots` section), including files holding several YAML documents.
 * Packages come from the `packages` section; an entry's own `name`/`version` fields (git, tarball and
 * local packages) win over its key. Keys that name no version are reported in `errors`, not dropped
 * silently. Groups: v5/v6 record `dev`/`optional` per package; for v9 they are computed from the importers'
 * dependency fields through the graph.
 */
export function extractPnpmLock(input: ExtractInput): ExtractResult {
  const text = normalizeLineBreaks(input.text); // YAML ends lines at CR LF and lone CR too
  const docs = parseYamlDocuments(text, "pnpm-lock.yaml");
  const lines = sectionKeyLines(text, "packages");
  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    if (!isRecord(doc)) {
      throw new ExtractError("could not extract: the text is not a pnpm lockfile (a YAML map)", {
        hint: "a pnpm-lock.yaml starts with `lockfileVersion:`",
      });
    }
    if (isNpmPackageLock(doc))
      throw new ExtractError("could not extract: this is an npm package-lock, not a pnpm lockfile", {
        hint: "read it as package-lock.json",
      });
    readDocument(doc, input.path, lines, packages, errors);
  }
  return { packages: dedupePackages(packages), errors };
}

/**
 * npm's package-lock also has `lockfileVersion` and a `packages` map (JSON is YAML), so read as pnpm's it gives
 * bogus packages: its keys are install paths ("", "node_modules/x"), which no pnpm lockfile has.
 */
function isNpmPackageLock(doc: Record<string, unknown>): boolean {
  if (!isRecord(doc.packages) || typeof doc.lockfileVersion !== "number") return false;
  // pnpm keys are "/name/1.0.0", "/name@1.0.0" or "name@1.0.0"; npm's are install folders (workspaces too)
  const keys = Object.keys(doc.packages);
  return (
    keys.some((k) => k === "" || /(^|\/)node_modules\//.test(k)) &&
    !keys.some((k) => /^\/|^(@[^/]+\/)?[^/@]+@/.test(k))
  );
}

function readDocument(
  doc: Record<string, unknown>,
  path: string,
  lines: Map<string, number>,
  packages: Package[],
  errors: InventoryError[],
): void {
  const major = Number.parseFloat(String(doc.lockfileVersion ?? "5")) || 5;
  const entries = isRecord(doc.packages) ? doc.packages : {};
  const snapshots = isRecord(doc.snapshots) ? doc.snapshots : {};
  const parseKey = major >= 6 ? parseKeyV6 : parseKeyV5;

  const idOf = new Map<string, PackageId>();
  for (const [key, value] of Object.entries(entries)) {
    const entry = isRecord(value) ? value : {};
    const fromKey = parseKey(key);
    const name = typeof entry.name === "string" ? entry.name : fromKey.name;
    const version = entry.version !== undefined ? String(entry.version) : fromKey.version;
    if (!name || !version) {
      const message = /^[./]|\//.test(key)
        ? `no package name and version in dependency path: ${key}`
        : `invalid dependency path: ${key}`;
      errors.push({ path, line: lines.get(key), message });
      continue;
    }
    idOf.set(key, { name, version });
  }
  const makePurl = purlMaker();
  const purlOf = (id: PackageId) => makePurl(id.name, id.version);
  const known = new Set([...idOf.values()].map(purlOf));

  /** A dependency reference ("1.2.3", "1.2.3(peer)", "/x/1.2.3", "string-width@4.2.0", "link:../x"). */
  const refPurl = (depName: string, ref: unknown): string | undefined => {
    if (typeof ref !== "string" || ref.startsWith("link:")) return undefined;
    const plain = stripPeers(ref);
    const direct = idOf.get(ref) ?? idOf.get(plain) ?? idOf.get(`/${depName}@${plain}`);
    if (direct) return purlOf(direct);
    const candidates = [
      major >= 9 ? `${depName}@${plain}` : `/${depName}${major >= 6 ? "@" : "/"}${plain}`,
      plain,
      `/${plain}`,
    ];
    for (const c of candidates) {
      const id = idOf.get(c);
      if (id) return purlOf(id);
    }
    const aliased = asId(parseKeyV6(plain)); // "real@1.2.3" alias form
    if (aliased && known.has(purlOf(aliased))) return purlOf(aliased);
    const guess = purlOf({ name: depName, version: plain });
    return known.has(guess) ? guess : undefined;
  };

  const edges = new Map<string, Set<string>>();
  const addEdges = (purl: string, value: unknown) => {
    if (!isRecord(value)) return;
    const set = edges.get(purl) ?? new Set<string>();
    for (const field of ["dependencies", "optionalDependencies"]) {
      const deps = value[field];
      if (!isRecord(deps)) continue;
      for (const [n, ref] of Object.entries(deps)) {
        const target = refPurl(n, ref);
        if (target && target !== purl) set.add(target);
      }
    }
    edges.set(purl, set);
  };
  for (const [key, value] of Object.entries(entries)) {
    const id = idOf.get(key);
    if (id) addEdges(purlOf(id), value);
  }
  const optionalInSnapshots = new Set<string>();
  for (const [key, value] of Object.entries(snapshots)) {
    const id = idOf.get(stripPeers(key)) ?? asId(parseKeyV6(key));
    if (!id) continue;
    const resolved = id;
    addEdges(purlOf(resolved), value);
    if (isRecord(value) && value.optional === true) optionalInSnapshots.add(purlOf(resolved));
  }

  // Direct dependencies: the importers (workspaces) of v6+/v9, or the top-level fields of v5.
  const roots: Root[] = [];
  const importers = isRecord(doc.importers) ? Object.values(doc.importers) : [doc];
  let declared = 0;
  for (const importer of importers) {
    if (!isRecord(importer)) continue;
    for (const [field, group] of IMPORTER_FIELDS) {
      const deps = importer[field];
      if (!isRecord(deps)) continue;
      for (const [n, spec] of Object.entries(deps)) {
        const ref = isRecord(spec) ? spec.version : spec;
        if (typeof ref === "string" && !ref.startsWith("link:")) declared++;
        const target = refPurl(n, ref);
        if (target) roots.push({ purl: target, group });
      }
    }
  }
  if (declared > 0 && Object.keys(entries).length === 0) {
    // a packages section lost (a broken or renamed key) must not read as a project without dependencies
    errors.push({
      path,
      message: `the importers declare ${declared} dependencies but the lockfile has no "packages" entries: none could be read`,
    });
  }
  const directPurls = new Set(roots.map((r) => r.purl));

  const found: Package[] = [];
  for (const [key, value] of Object.entries(entries)) {
    const id = idOf.get(key);
    if (!id) continue;
    const entry = isRecord(value) ? value : {};
    const purl = purlOf(id);
    const resolution = isRecord(entry.resolution) ? entry.resolution : {};
    const commit =
      typeof resolution.commit === "string"
        ? resolution.commit
        : yarnCommit(typeof resolution.tarball === "string" ? resolution.tarball : key);
    const groups: string[] = [];
    if (entry.dev === true) groups.push("dev");
    if (entry.optional === true || optionalInSnapshots.has(purl)) groups.push("optional");
    found.push(
      npmPackage({
        name: id.name,
        version: id.version,
        commit,
        direct: directPurls.has(purl),
        groups: sortedGroups(groups),
        dependencies: [...(edges.get(purl) ?? [])],
        hashes: typeof resolution.integrity === "string" ? [resolution.integrity] : undefined,
        locations: [{ path, line: lines.get(key) }],
      }),
    );
  }
  // v9 no longer records `dev` per package: derive it from what the importers declare.
  if (major >= 9) groupsFromRoots(found, roots);
  packages.push(...found);
}

/** Drops pnpm's peer suffixes: "1.0.0(react@18.2.0)" -> "1.0.0". */
function stripPeers(ref: string): string {
  const paren = ref.indexOf("(");
  return paren < 0 ? ref : ref.slice(0, paren);
}

function asId(key: ParsedKey): PackageId | undefined {
  return key.name && key.version ? { name: key.name, version: key.version } : undefined;
}

function validVersion(version: string | undefined): string | undefined {
  return version && semver.valid(version, { loose: true }) ? version : undefined;
}

/** v6+/v9 keys: "/name@1.0.0(peer)", "name@1.0.0", "@scope/name@1.0.0", "name@https://…" (name only). */
function parseKeyV6(key: string): ParsedKey {
  const k = stripPeers(key.startsWith("/") ? key.slice(1) : key);
  const at = k.indexOf("@", k.startsWith("@") ? 1 : 0);
  if (at <= 0) return {};
  return { name: k.slice(0, at), version: validVersion(k.slice(at + 1)) };
}

/** v5 keys: "/name/1.0.0_peer", "/@scope/name/1.0.0", "registry.example.com/name/1.0.0". */
function parseKeyV5(key: string): ParsedKey {
  if (key.startsWith("file:")) return {};
  let parts = key.split("/");
  if (parts[0] === "") parts = parts.slice(1);
  else if (parts[0]?.includes(".") && !parts[0].startsWith("@")) parts = parts.slice(1); // registry host
  if (parts.length < 2) return {};
  const scoped = parts[0]!.startsWith("@");
  const name = scoped ? `${parts[0]}/${parts[1]}` : parts[0]!;
  const raw = scoped ? parts[2] : parts[1];
  return { name, version: validVersion(raw?.split("_")[0]) };
}

/** The pnpm-lock.yaml extractor (lockfile versions 5 to 9). */
export const pnpmLockExtractor: SyncExtractor = {
  ...PNPM_LOCK_FORMAT,
  extract: extractPnpmLock,
};
