import type { Inventory } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { parsePurl } from "../../purl/index.js";
import { type DocumentDating, type DocumentInfo, documentInfo } from "./document-info.js";
import { digests } from "./hashes.js";

import { type LicenseForm, licenseClassifier } from "./licenses.js";
import { packageKey } from "./package-key.js";
import type { SbomVulnerability } from "./vulnerability.js";

const HASH_NAMES = {
  MD5: "MD5",
  SHA1: "SHA-1",
  SHA256: "SHA-256",
  SHA384: "SHA-384",
  SHA512: "SHA-512",
} as const;
const OPTIONAL_GROUPS = new Set(["dev", "test", "optional", "peer", "build", "provided"]);

export interface CycloneDxOptions {
  /** The described project's name (the scanned folder's name). */
  name: string;
  /** Vulnerabilities to embed (a CycloneDX VEX/VDR document). */
  vulnerabilities?: SbomVulnerability[];
  info?: DocumentInfo;
  /** Reproducible dating (SOURCE_DATE_EPOCH); default: now, with a random id. */
  dating?: DocumentDating;
  /** Document-level facts (`metadata.properties`), e.g. what a scan checked. */
  properties?: { name: string; value: string }[];
}

/**
 * A CycloneDX 1.6 JSON document of an inventory: one component per package (purl as bom-ref), hashes and
 * licences where known, where each was found (properties), the dependency graph, and the tool.
 */
export function toCycloneDx(inventory: Inventory, options: CycloneDxOptions): Record<string, unknown> {
  const info = options.info ?? documentInfo(options.name, inventory, options.dating);
  // bom-refs must be unique: the inventory merges packages by purl, so the purl is the natural ref.
  const packages = new Map<string, Package>();
  for (const pkg of inventory.packages) {
    const ref = packageKey(pkg);
    if (!packages.has(ref)) packages.set(ref, pkg);
  }
  const rootRef = `bulwark:root:${info.name}`;
  const classify = licenseClassifier();
  const components: Record<string, unknown>[] = [];
  const directRefs: string[] = [];
  const dependencies = [{ ref: rootRef, dependsOn: directRefs }];
  for (const [ref, pkg] of packages) {
    components.push(component(pkg, ref, classify));
    if (pkg.direct !== false) directRefs.push(ref);
    dependencies.push({ ref, dependsOn: knownDependencies(pkg.dependencies, packages) });
  }
  const doc: Record<string, unknown> = {
    $schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: `urn:uuid:${info.uuid}`,
    version: 1,
    metadata: {
      timestamp: info.timestamp,
      tools: { components: [{ type: "application", name: info.toolName, version: info.toolVersion }] },
      component: { type: "application", "bom-ref": rootRef, name: info.name },
      ...(options.properties?.length ? { properties: options.properties } : {}),
    },
    components,
    dependencies,
  };
  if (options.vulnerabilities) doc.vulnerabilities = options.vulnerabilities.map(vulnerability);
  return doc;
}

function component(
  pkg: Package,
  ref: string,
  classify: (text: string) => LicenseForm,
): Record<string, unknown> {
  const c: Record<string, unknown> = { type: "library", "bom-ref": ref };
  const purl = pkg.purl ? safeParse(pkg.purl) : undefined;
  if (purl?.namespace) c.group = purl.namespace;
  c.name = purl?.name ?? pkg.name;
  if (pkg.version) c.version = pkg.version;
  c.scope = pkg.groups.some((g) => OPTIONAL_GROUPS.has(g)) ? "optional" : "required";
  const found = digests(pkg.hashes);
  if (found.length > 0) c.hashes = found.map((d) => ({ alg: HASH_NAMES[d.algorithm], content: d.hex }));
  if (pkg.licenses && pkg.licenses.length > 0) c.licenses = licenses(pkg.licenses.map(classify));
  if (pkg.purl) c.purl = pkg.purl;
  const properties = [{ name: "bulwark:ecosystem", value: pkg.ecosystem }];
  if (pkg.direct !== undefined) properties.push({ name: "bulwark:direct", value: String(pkg.direct) });
  if (!pkg.resolved) properties.push({ name: "bulwark:resolved", value: "false" });
  for (const g of pkg.groups) properties.push({ name: "bulwark:group", value: g });
  for (const l of pkg.locations) {
    properties.push({ name: "bulwark:location", value: l.line ? `${l.path}:${l.line}` : l.path });
  }
  c.properties = properties;
  return c;
}

/** The edges of a package to packages of the document, each once. */
function knownDependencies(dependencies: string[], packages: Map<string, Package>): string[] {
  const known = dependencies.filter((d) => packages.has(d));
  return known.length > 1 ? [...new Set(known)] : known;
}

/** CycloneDX allows either licence objects or exactly one expression. */
function licenses(forms: LicenseForm[]): unknown[] {
  const expressions = forms.filter((f) => f.kind === "expression");
  if (expressions.length > 0) {
    const all = forms.map((f) =>
      f.kind === "id" ? f.id : f.kind === "expression" ? `(${f.expression})` : null,
    );
    if (all.every((x) => x !== null)) return [{ expression: all.join(" AND ").replace(/^\((.*)\)$/, "$1") }];
  }
  return forms
    .filter((f) => f.kind !== "expression")
    .map((f) => ({ license: f.kind === "id" ? { id: f.id } : { name: (f as { name: string }).name } }));
}

function vulnerability(v: SbomVulnerability): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: v.id,
    source: { name: "OSV", url: `https://osv.dev/vulnerability/${encodeURIComponent(v.id)}` },
  };
  if (v.aliases.length > 0) out.references = v.aliases.map((id) => ({ id, source: { name: "OSV" } }));
  const rating: Record<string, unknown> = { severity: v.rating === "unknown" ? "unknown" : v.rating };
  if (v.score !== undefined) rating.score = v.score;
  if (v.vector) rating.vector = v.vector;
  if (v.method) rating.method = v.method;
  out.ratings = [rating];
  if (v.summary) out.description = v.summary;
  if (v.details) out.detail = v.details;
  if (v.fixed.length > 0) out.recommendation = `Upgrade to ${v.fixed.join(" or ")}`;
  if (v.references.length > 0) out.advisories = v.references.map((url) => ({ url }));
  if (v.analysis)
    out.analysis = {
      state: v.analysis.state,
      ...(v.analysis.justification ? { justification: v.analysis.justification } : {}),
      ...(v.analysis.response?.length ? { response: v.analysis.response } : {}),
      ...(v.analysis.detail ? { detail: v.analysis.detail } : {}),
    };
  out.affects = v.affects.map((purl) => ({ ref: purl }));
  return out;
}

function safeParse(purl: string) {
  try {
    return parsePurl(purl);
  } catch {
    return undefined;
  }
}
