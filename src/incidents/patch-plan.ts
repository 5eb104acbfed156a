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

/**
 * Whether a component is a portfolio project: its name (or its purl's name) equals the project's name or the
 * project name's last segment ("team-a/shared-lib" is the component "shared-lib" or "@team-a/shared-lib").
 */
export function componentIsProject(component: { name: string; purl: string }, project: string): boolean {
  const last = project.split("/").at(-1)!;
  const names = new Set([project, last, `@${project}`]);
  const purlName = decodeURIComponent(component.purl.replace(/^pkg:[^/]+\//, "").replace(/[@?#].*$/, ""));
  return names.has(component.name) || names.has(purlName) || purlName.endsWith(`/${last}`);
}

/**
 * Orders an incident's active projects (affected, acknowledged, fixing) in layers: shared internal libraries
 * first, then the projects whose uploads name them as dependencies (pure; Kahn's layering).
 */
export function patchPlan(inputs: readonly PlanInput[]): PatchPlan {
  const names = inputs.map((i) => i.project.projectName);
  const deps = new Map<string, string[]>();
  for (const i of inputs) {
    const me = i.project.projectName;
    deps.set(
      me,
      names.filter((other) => other !== me && i.components.some((c) => componentIsProject(c, other))),
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
