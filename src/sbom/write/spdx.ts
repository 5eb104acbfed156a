import type { Inventory } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { type DocumentDating, type DocumentInfo, documentInfo } from "./document-info.js";
import { digests } from "./hashes.js";
import { type LicenseForm, licenseClassifier, spdxExpression } from "./licenses.js";
import { packageKey } from "./package-key.js";
import type { SbomVulnerability } from "./vulnerability.js";

export interface SpdxOptions {
  name: string;
  /** Vulnerabilities to attach as SECURITY external references (SPDX 2.3 has no vulnerability section). */
  vulnerabilities?: SbomVulnerability[];
  info?: DocumentInfo;
  /** Reproducible dating (SOURCE_DATE_EPOCH); default: now, with a random id. */
  dating?: DocumentDating;
  /** A note on the document (`creationInfo.comment`), e.g. what a scan checked. */
  comment?: string;
}

const ROOT_ID = "SPDXRef-Root";

/**
 * An SPDX 2.3 JSON document of an inventory: the project as the described root package, one package per
 * inventory package with its purl as external reference, checksums and declared licences where known, and
 * DEPENDS_ON relationships for the dependency graph (root -> direct packages).
 */
export function toSpdx(inventory: Inventory, options: SpdxOptions): Record<string, unknown> {
  const info = options.info ?? documentInfo(options.name, inventory, options.dating);
  const ids = new Map<string, string>();
  const packages: Package[] = [];
  for (const pkg of inventory.packages) {
    const key = packageKey(pkg);
    if (ids.has(key)) continue;
    ids.set(key, `SPDXRef-Package-${packages.length + 1}`);
    packages.push(pkg);
  }
  const advisories = advisoriesByPurl(options.vulnerabilities ?? []);
  const classify = licenseClassifier();
  const spdxPackages: Record<string, unknown>[] = [
    {
      SPDXID: ROOT_ID,
      name: info.name,
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      primaryPackagePurpose: "APPLICATION",
    },
  ];
  const relationships = [
    { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: ROOT_ID },
  ];
  for (const [i, pkg] of packages.entries()) {
    const id = `SPDXRef-Package-${i + 1}`;
    spdxPackages.push(spdxPackage(pkg, id, advisories.get(pkg.purl) ?? [], classify));
    if (pkg.direct !== false) {
      relationships.push({ spdxElementId: ROOT_ID, relationshipType: "DEPENDS_ON", relatedSpdxElement: id });
    }
  }
  for (const [i, pkg] of packages.entries()) {
    const id = `SPDXRef-Package-${i + 1}`;
    for (const dependency of new Set(pkg.dependencies)) {
      const related = ids.get(dependency);
      if (related)
        relationships.push({
          spdxElementId: id,
          relationshipType: "DEPENDS_ON",
          relatedSpdxElement: related,
        });
    }
  }
  return {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: info.name,
    documentNamespace: `urn:uuid:${info.uuid}`,
    creationInfo: {
      created: info.timestamp,
      creators: [`Tool: ${info.toolName}-${info.toolVersion}`],
      ...(options.comment ? { comment: options.comment } : {}),
    },
    documentDescribes: [ROOT_ID],
    packages: spdxPackages,
    relationships,
  };
}

function spdxPackage(
  pkg: Package,
  id: string,
  advisories: SbomVulnerability[],
  classify: (text: string) => LicenseForm,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    SPDXID: id,
    name: pkg.name,
    ...(pkg.version ? { versionInfo: pkg.version } : {}),
    downloadLocation: "NOASSERTION",
    filesAnalyzed: false,
  };
  const checksums = digests(pkg.hashes).map((d) => ({ algorithm: d.algorithm, checksumValue: d.hex }));
  if (checksums.length > 0) out.checksums = checksums;
  const declared = spdxExpression(pkg.licenses, classify);
  out.licenseConcluded = "NOASSERTION";
  out.licenseDeclared = declared ?? "NOASSERTION";
  if (!declared && pkg.licenses?.length) out.licenseComments = `Declared: ${pkg.licenses.join(", ")}`;
  out.copyrightText = "NOASSERTION";
  const refs: Record<string, string>[] = [];
  if (pkg.purl)
    refs.push({ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: pkg.purl });
  for (const v of advisories) {
    refs.push({
      referenceCategory: "SECURITY",
      referenceType: "advisory",
      referenceLocator: `https://osv.dev/vulnerability/${encodeURIComponent(v.id)}`,
      comment: [v.id, ...v.aliases].join(", ") + (v.analysis ? ` (${v.analysis.state})` : ""),
    });
  }
  if (refs.length > 0) out.externalRefs = refs;
  const where = pkg.locations.map((l) => (l.line ? `${l.path}:${l.line}` : l.path));
  if (where.length > 0) out.sourceInfo = `found in ${where.join(", ")}`;
  return out;
}

function advisoriesByPurl(vulnerabilities: SbomVulnerability[]): Map<string, SbomVulnerability[]> {
  const map = new Map<string, SbomVulnerability[]>();
  for (const v of vulnerabilities) {
    for (const purl of v.affects) {
      const list = map.get(purl);
      if (list) list.push(v);
      else map.set(purl, [v]);
    }
  }
  return map;
}
