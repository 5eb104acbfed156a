import { newPackage } from "../../ecosystems/new-package.js";
import { purlFor, refFromPurl } from "../../ecosystems/purl.js";
import type { ExtractResult } from "../../ecosystems/types.js";
import type { Package } from "../../model/package.js";
import { formatPurl, parsePurl } from "../../purl/index.js";

/** One component (CycloneDX) or package (SPDX) as both formats describe it. */
export interface SbomComponent {
  /** bom-ref or SPDXID, the handle relationships use. */
  id?: string;
  name: string;
  version?: string;
  purl?: string;
  hashes?: string[];
  licenses?: string[];
  groups?: string[];
}

/** What an SBOM says: its components, "from depends on / contains to" edges, and the ids of its subject. */
export interface SbomGraph {
  components: SbomComponent[];
  edges: [from: string, to: string][];
  roots: string[];
}

/** How many unusable components an error entry names before it says "and N more". */
const EXAMPLES = 5;

/**
 * Turns an SBOM's components into packages keyed by purl: ecosystem, name and version come from the purl,
 * which is rewritten in the canonical form the lockfile extractors use (qualifiers such as `packaging` dropped).
 * Components without a purl, or whose purl type has no OSV ecosystem, are counted in one error entry (never
 * dropped silently). Edges between usable components become dependencies; targets of the subject's edges
 * are direct.
 */
export function packagesFromGraph(path: string, graph: SbomGraph): ExtractResult {
  const byPurl = new Map<string, Package>();
  const byId = new Map<string, Package>();
  const unusable: string[] = [];
  for (const component of graph.components) {
    const pkg = toPackage(path, component, byPurl);
    if (typeof pkg === "string") {
      unusable.push(`${component.name || component.id || "unnamed"} (${pkg})`);
      continue;
    }
    if (component.id) byId.set(component.id, pkg);
  }
  for (const [from, to] of graph.edges) {
    const source = byId.get(from);
    const target = byId.get(to);
    if (source && target && source !== target && !source.dependencies.includes(target.purl)) {
      source.dependencies.push(target.purl);
    }
  }
  markDirect(graph, byId);
  const packages = [...byPurl.values()];
  if (unusable.length === 0) return { packages };
  const more = unusable.length > EXAMPLES ? `, and ${unusable.length - EXAMPLES} more` : "";
  const message =
    `${unusable.length} of ${graph.components.length} components have no package URL of an OSV ecosystem and ` +
    `are not checked: ${unusable.slice(0, EXAMPLES).join(", ")}${more}`;
  return { packages, errors: [{ path, message }] };
}

/** The package of a component (merged with an earlier one of the same purl), or why there is none. */
function toPackage(path: string, component: SbomComponent, byPurl: Map<string, Package>): Package | string {
  if (!component.purl) return "no purl";
  let purl: string;
  let ref: ReturnType<typeof refFromPurl>;
  try {
    const parsed = parsePurl(component.purl);
    // a purl without version takes the component's own version
    if (!parsed.version && component.version) parsed.version = component.version;
    ref = refFromPurl(formatPurl(parsed));
    // the purl the lockfile extractors compute for the same package, so that both merge into one entry
    purl = purlFor(ref) || formatPurl(parsed);
  } catch {
    return /^pkg:([^/]+)\//i.test(component.purl)
      ? component.purl.replace(/^pkg:([^/]+)\/.*$/i, "pkg:$1")
      : "invalid purl";
  }
  const existing = byPurl.get(purl);
  if (existing) return existing;
  const version = ref.version;
  const pkg = newPackage({
    ...ref,
    purl,
    resolved: version !== "",
    groups: component.groups ?? [],
    locations: [{ path }],
    ...(component.hashes?.length ? { hashes: component.hashes } : {}),
    ...(component.licenses?.length ? { licenses: component.licenses } : {}),
  });
  byPurl.set(purl, pkg);
  return pkg;
}

/** Packages the SBOM's subject points at directly are direct, the others transitive (when the subject has edges). */
function markDirect(graph: SbomGraph, byId: Map<string, Package>): void {
  const roots = new Set(graph.roots);
  const direct = new Set(graph.edges.filter(([from]) => roots.has(from)).map(([, to]) => to));
  if (direct.size === 0) return;
  for (const [id, pkg] of byId) {
    if (roots.has(id)) continue;
    pkg.direct = pkg.direct === true || direct.has(id);
  }
}

/** "SHA-256" / "SHA256" + hex -> "sha256:<hex>" (Package.hashes convention). */
export function formatHash(algorithm: string, value: string): string {
  return `${algorithm.toLowerCase().replace(/-/g, "")}:${value.toLowerCase()}`;
}
