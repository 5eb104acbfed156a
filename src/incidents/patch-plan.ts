import type { IncidentProject } from "../store/portfolio/ports.js";

/** A project in the patch plan. */
export interface PlannedProject {
  project: string;
  status: IncidentProject["status"];
  /** From the project's `owner:<name>` tags (several owners possible); empty when it has none. */
  owners: string[];
  /** Other affected projects of the portfolio this one depends on (they are patched in an earlier layer). */
  dependsOn: string[];
}

/** Projects in layers: each layer's projects depend only on projects of earlier layers. */
export interface PatchPlan {
  layers: PlannedProject[][];
  /** Projects that depend on each other in a cycle: patched together, in the last layer. */
  cycles: string[];
}

/** What the planner knows of an affected project: its tags and the names its components carry. */
export interface PlanInput {
  project: IncidentProject;
  tags: readonly string[];
  /** Component names and purls of its current snapshots. */
  components: readonly { name: string; purl: string }[];
}

/** The owners a project's tags name: the tag convention `owner:<team>`. */
export function ownersOf(tags: readonly string[]): string[] {
  return tags.filter((t) => t.startsWith("owner:") && t.length > 6).map((t) => t.slice(6));
}

/** The names under which a project appears as a component: its name, its last segment, and "@" + its name. */
function projectAliases(project: string): string[] {
  return [project, project.split("/").at(-1)!, `@${project}`];
}

/** A component's name as its purl spells it (namespace included, decoded, without version or qualifiers). */
function purlName(purl: string): string {
  return decodeURIComponent(purl.replace(/^pkg:[^/]+\//, "").replace(/[@?#].*$/, ""));
}

/**
 * Whether a component is a portfolio project: its name (or its purl's name) equals the project's name or the
 * project name's last segment ("team-a/shared-lib" is the component "shared-lib" or "@team-a/shared-lib").
 */
export function componentIsProject(component: { name: string; purl: string }, project: string): boolean {
  return projectsNamedBy(component, aliasIndex([project])).has(project);
}

/** Alias -> projects, and last segment -> projects (for purl names such as "@team-a/shared-lib"). */
interface AliasIndex {
  exact: Map<string, string[]>;
  lastSegment: Map<string, string[]>;
}

function aliasIndex(projects: readonly string[]): AliasIndex {
  const index: AliasIndex = { exact: new Map(), lastSegment: new Map() };
  const add = (map: Map<string, string[]>, key: string, project: string) => {
    const list = map.get(key);
    if (!list) map.set(key, [project]);
    else if (!list.includes(project)) list.push(project);
  };
  for (const project of projects) {
    for (const alias of projectAliases(project)) add(index.exact, alias, project);
    add(index.lastSegment, project.split("/").at(-1)!, project);
  }
  return index;
}

/** The projects a component names, by one lookup per spelling (not one comparison per project). */
function projectsNamedBy(component: { name: string; purl: string }, index: AliasIndex): Set<string> {
  const found = new Set<string>();
  const fromPurl = purlName(component.purl);
  for (const key of [component.name, fromPurl])
    for (const project of index.exact.get(key) ?? []) found.add(project);
  const slash = fromPurl.lastIndexOf("/");
  if (slash >= 0)
    for (const project of index.lastSegment.get(fromPurl.slice(slash + 1)) ?? []) found.add(project);
  return found;
}

/**
 * Orders an incident's active projects (affected, acknowledged, fixing) in layers: shared internal libraries
 * first, then the projects whose uploads name them as dependencies (pure; Kahn's layering).
 */
export function patchPlan(inputs: readonly PlanInput[]): PatchPlan {
  const names = inputs.map((i) => i.project.projectName);
  const index = aliasIndex(names);
  const deps = new Map<string, string[]>();
  for (const i of inputs) {
    const me = i.project.projectName;
    const named = new Set<string>();
    for (const c of i.components) for (const project of projectsNamedBy(c, index)) named.add(project);
    deps.set(
      me,
      names.filter((other) => other !== me && named.has(other)),
    );
  }
  const placed = new Set<string>();
  const layers: PlannedProject[][] = [];
  const byName = new Map(inputs.map((i) => [i.project.projectName, i]));
  const planned = (name: string): PlannedProject => {
    const i = byName.get(name)!;
    return { project: name, status: i.project.status, owners: ownersOf(i.tags), dependsOn: deps.get(name)! };
  };
  for (;;) {
    const ready = names.filter((n) => !placed.has(n) && deps.get(n)!.every((d) => placed.has(d)));
    if (ready.length === 0) break;
    for (const n of ready) placed.add(n);
    layers.push(ready.map(planned));
  }
  const cycles = names.filter((n) => !placed.has(n));
  if (cycles.length) layers.push(cycles.map(planned));
  return { layers, cycles };
}
