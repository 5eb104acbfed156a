import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { ecosystemBase } from "../advisories/ecosystem-match.js";
import { fixedVersions, isAffected } from "../advisories/matcher.js";
import { normalizeName } from "../ecosystems/index.js";
import { inventory } from "../inventory/index.js";
import type { Finding, Severity } from "../model/finding.js";
import type { OsvRecord } from "../model/osv.js";
import type { Package } from "../model/package.js";
import { DependencyGraph } from "../scan/paths.js";
import { cvssSeverity } from "../scan/severity.js";
import type { FindingFacts, NewComponent } from "../store/portfolio/ports.js";
import { corpusPath } from "./corpus.js";

// Real portfolio data for the store's tests and benchmarks: the corpus projects' inventories as component rows,
// and the findings the corpus's npm advisories really give them (range evaluation by the real matcher). The
// server's upload step derives the same rows its own way; these only feed the store.

/** A corpus project read by Bulwark's inventory. */
export interface CorpusProject {
  name: string;
  packages: Package[];
  /** The resolved packages as component rows. */
  components: NewComponent[];
}

/** The corpus projects (folders of corpus/projects). */
export async function corpusProjectNames(): Promise<string[]> {
  return (await readdir(corpusPath("projects"), { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The advisory index key of a package: ecosystem base and normalised name, as the advisory database keys it. */
export function packageKeyOf(ecosystem: string, name: string): { ecosystem: string; name: string } {
  const base = ecosystemBase(ecosystem);
  return { ecosystem: base, name: normalizeName(base, name) };
}

/** The scope a component row records for a package's dependency groups. */
export function scopeOf(pkg: Package): string {
  if (pkg.groups.length === 0) return "runtime";
  if (pkg.groups.includes("dev")) return "development";
  return pkg.groups[0] as string;
}

/**
 * A package as a component row (with its few shortest dependency paths). Locations are made relative to
 * `root`, as an upload from a project's own folder names them.
 */
export function componentOf(pkg: Package, graph: DependencyGraph, root?: string): NewComponent {
  return {
    purl: pkg.purl,
    ecosystem: pkg.ecosystem,
    name: pkg.name,
    version: pkg.version,
    key: packageKeyOf(pkg.ecosystem, pkg.name),
    direct: pkg.direct,
    scope: scopeOf(pkg),
    licenses: pkg.licenses ?? [],
    locations: root ? pkg.locations.map((l) => ({ ...l, path: relative(root, l.path) })) : pkg.locations,
    paths: graph.pathsTo(pkg.purl),
  };
}

/** Reads a corpus project with Bulwark's inventory. */
export async function corpusProject(name: string): Promise<CorpusProject> {
  const root = corpusPath("projects", name);
  const inv = await inventory([root]);
  const graph = new DependencyGraph(inv.packages);
  const components = inv.packages.filter((p) => p.resolved).map((p) => componentOf(p, graph, root));
  return { name, packages: inv.packages, components };
}

/** The corpus's GitHub-reviewed npm advisories (corpus/osv/npm-ghsa). */
export async function npmAdvisories(): Promise<OsvRecord[]> {
  const dir = corpusPath("osv", "npm-ghsa");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), "utf8")) as OsvRecord));
}

// Parsing a CVSS vector costs about a millisecond: once per record, not once per finding.
const severities = new WeakMap<OsvRecord, Severity>();

function severityOfRecord(record: OsvRecord): Severity {
  let found = severities.get(record);
  if (!found) {
    found = { rating: "unknown", type: "none" };
    for (const s of record.severity ?? []) {
      const severity = typeof s.score === "string" ? cvssSeverity(s.score) : undefined;
      if (severity) {
        found = severity;
        break;
      }
    }
    severities.set(record, found);
  }
  return found;
}

/** Records by the (ecosystem, name) keys their affected packages have: built once for many findingsFor calls. */
export type AdvisoryIndex = Map<string, OsvRecord[]>;

/** Indexes records by package key. */
export function indexAdvisories(records: readonly OsvRecord[]): AdvisoryIndex {
  const byPackage: AdvisoryIndex = new Map();
  for (const record of records) {
    for (const affected of record.affected ?? []) {
      if (!affected.package) continue;
      const key = packageKeyOf(affected.package.ecosystem, affected.package.name);
      const k = `${key.ecosystem}\u0000${key.name}`;
      const list = byPackage.get(k) ?? [];
      if (!list.includes(record)) list.push(record);
      byPackage.set(k, list);
    }
  }
  return byPackage;
}

/**
 * The findings the records give these components: one per (component, affecting record), found by the real
 * matcher. Records are not alias-merged (the npm corpus has one GHSA record per flaw).
 */
export function findingsFor(
  components: readonly NewComponent[],
  records: readonly OsvRecord[] | AdvisoryIndex,
): FindingFacts[] {
  const byPackage = records instanceof Map ? records : indexAdvisories(records);
  const out: FindingFacts[] = [];
  for (const c of components) {
    for (const record of byPackage.get(`${c.key.ecosystem}\u0000${c.key.name}`) ?? []) {
      if (!isAffected(record, { ecosystem: c.ecosystem, name: c.name, version: c.version })) continue;
      out.push(findingOf(record, c));
    }
  }
  return out;
}

/** The finding a record gives a component it affects. */
export function findingOf(record: OsvRecord, c: NewComponent): FindingFacts {
  const severity = severityOfRecord(record);
  const finding: Finding = {
    id: record.id,
    aliases: [...(record.aliases ?? [])].sort(),
    summary: record.summary ?? "",
    severity,
    package: { ecosystem: c.ecosystem, name: c.name, version: c.version, purl: c.purl },
    fixed: fixedVersions(record, c.ecosystem, c.name),
    paths: c.paths,
    locations: c.locations,
    references: (record.references ?? []).map((r) => ({ type: r.type, url: r.url })),
    records: [record.id],
  };
  return {
    finding,
    key: c.key,
    kev: false,
    priority: severity.score ?? 0,
    direct: c.direct,
    scope: c.scope,
    publishedAt: record.published ? new Date(record.published).toISOString() : undefined,
  };
}
