import { isRecord, stringField } from "../../ecosystems/parse-text.js";
import { formatHash, type SbomComponent, type SbomGraph } from "./sbom-graph.js";

/** Scopes that are not part of the production build (CycloneDX `scope`). */
const SCOPE_GROUPS: Record<string, string[]> = { optional: ["optional"], excluded: ["excluded"] };

/**
 * The graph of a CycloneDX document in its JSON shape (the XML reader converts to this shape): components,
 * nested components (edges parent -> child), the `dependencies` graph, and the subject
 * (`metadata.component`), which is not itself reported.
 */
export function cyclonedxGraph(bom: Record<string, unknown>): SbomGraph {
  const graph: SbomGraph = { components: [], edges: [], roots: [] };
  const subject =
    isRecord(bom.metadata) && isRecord(bom.metadata.component) ? bom.metadata.component : undefined;
  const subjectRef = subject && stringField(subject, "bom-ref");
  if (subjectRef) graph.roots.push(subjectRef);
  // depth-first in document order: a parent, then its nested components, then its next sibling
  const stack: { component: unknown; parent?: string }[] = listOf(bom.components)
    .map((component) => ({ component }))
    .reverse();
  while (stack.length > 0) {
    const { component, parent } = stack.pop()!;
    if (!isRecord(component)) continue;
    const converted = toComponent(component);
    graph.components.push(converted);
    if (parent && converted.id) graph.edges.push([parent, converted.id]);
    const children = listOf(component.components).map((child) => ({
      component: child,
      parent: converted.id,
    }));
    stack.push(...children.reverse());
  }
  for (const dependency of listOf(bom.dependencies)) {
    if (!isRecord(dependency)) continue;
    const from = stringField(dependency, "ref");
    if (!from) continue;
    for (const to of listOf(dependency.dependsOn)) if (typeof to === "string") graph.edges.push([from, to]);
  }
  return graph;
}

function toComponent(c: Record<string, unknown>): SbomComponent {
  const group = stringField(c, "group");
  const name = stringField(c, "name") ?? "";
  const hashes = listOf(c.hashes).flatMap((h) =>
    isRecord(h) && stringField(h, "alg") && stringField(h, "content")
      ? [formatHash(stringField(h, "alg")!, stringField(h, "content")!)]
      : [],
  );
  const licenses = listOf(c.licenses).flatMap((entry) => {
    if (!isRecord(entry)) return [];
    if (typeof entry.expression === "string") return [entry.expression];
    const license = isRecord(entry.license) ? entry.license : undefined;
    const id = license && (stringField(license, "id") ?? stringField(license, "name"));
    return id ? [id] : [];
  });
  return {
    id: stringField(c, "bom-ref"),
    name: group ? `${group}/${name}` : name,
    version: stringField(c, "version"),
    // some generators leave `purl` out when the bom-ref already is one
    purl: stringField(c, "purl") ?? purlLike(stringField(c, "bom-ref")),
    hashes,
    licenses,
    groups: SCOPE_GROUPS[stringField(c, "scope") ?? ""] ?? [],
  };
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function purlLike(ref: string | undefined): string | undefined {
  return ref?.startsWith("pkg:") ? ref : undefined;
}
