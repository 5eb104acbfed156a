import { isRecord, stringField } from "../../ecosystems/parse-text.js";
import { formatHash, type SbomComponent, type SbomGraph } from "./sbom-graph.js";

/** Relationship types that are edges, and whether they point from the related element back to the element. */
const EDGES: Record<string, "forward" | "reverse"> = {
  DEPENDS_ON: "forward",
  CONTAINS: "forward",
  DEPENDENCY_OF: "reverse",
  CONTAINED_BY: "reverse",
  DEV_DEPENDENCY_OF: "reverse",
  BUILD_DEPENDENCY_OF: "reverse",
  TEST_DEPENDENCY_OF: "reverse",
  OPTIONAL_DEPENDENCY_OF: "reverse",
  RUNTIME_DEPENDENCY_OF: "reverse",
  PROVIDED_DEPENDENCY_OF: "reverse",
};

/** Licence values that say nothing. */
const NO_LICENSE = new Set(["NOASSERTION", "NONE", ""]);

/**
 * The graph of an SPDX 2.x document in its JSON shape (the tag-value reader converts to this shape):
 * packages with their purl external reference, DEPENDS_ON / CONTAINS (and their inverses) as edges, the
 * described packages (DESCRIBES, documentDescribes) as roots.
 */
export function spdxGraph(doc: Record<string, unknown>): SbomGraph {
  const graph: SbomGraph = { components: [], edges: [], roots: [] };
  const documentId = stringField(doc, "SPDXID") ?? "SPDXRef-DOCUMENT";
  for (const id of Array.isArray(doc.documentDescribes) ? doc.documentDescribes : []) {
    if (typeof id === "string") graph.roots.push(id);
  }
  for (const p of Array.isArray(doc.packages) ? doc.packages : []) {
    if (isRecord(p)) graph.components.push(toComponent(p));
  }
  for (const r of Array.isArray(doc.relationships) ? doc.relationships : []) {
    if (!isRecord(r)) continue;
    const element = stringField(r, "spdxElementId");
    const related = stringField(r, "relatedSpdxElement");
    const type = stringField(r, "relationshipType")?.toUpperCase() ?? "";
    if (!element || !related) continue;
    if (type === "DESCRIBES" && element === documentId) graph.roots.push(related);
    if (type === "DESCRIBED_BY" && related === documentId) graph.roots.push(element);
    const direction = EDGES[type];
    if (direction === "forward") graph.edges.push([element, related]);
    if (direction === "reverse") graph.edges.push([related, element]);
  }
  return graph;
}

function toComponent(p: Record<string, unknown>): SbomComponent {
  const refs = Array.isArray(p.externalRefs) ? p.externalRefs.filter(isRecord) : [];
  const purl = refs.find((r) => stringField(r, "referenceType")?.toLowerCase() === "purl");
  const checksums = Array.isArray(p.checksums) ? p.checksums.filter(isRecord) : [];
  // the concluded licence where the author determined one, else the declared one
  const license = [stringField(p, "licenseConcluded"), stringField(p, "licenseDeclared")].find(
    (l): l is string => l !== undefined && !NO_LICENSE.has(l),
  );
  return {
    id: stringField(p, "SPDXID"),
    name: stringField(p, "name") ?? "",
    version: stringField(p, "versionInfo"),
    purl: purl && stringField(purl, "referenceLocator"),
    hashes: checksums.flatMap((c) =>
      stringField(c, "algorithm") && stringField(c, "checksumValue")
        ? [formatHash(stringField(c, "algorithm")!, stringField(c, "checksumValue")!)]
        : [],
    ),
    licenses: license ? [license] : [],
  };
}
