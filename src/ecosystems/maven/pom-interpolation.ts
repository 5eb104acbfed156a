/** A value after `${...}` substitution, and the properties that could not be substituted. */
export interface Interpolated {
  value: string;
  missing: string[];
}

// Property references nest (${a} -> ${b} -> 1.0); deeper chains are cycles.
const MAX_PASSES = 10;

/**
 * Substitutes Maven `${name}` references from `properties` (which already holds the project.* built-ins),
 * repeatedly so that properties defined by other properties resolve; a cycle or an undefined property is
 * left in place and named in `missing`.
 */
export function interpolate(text: string, properties: ReadonlyMap<string, string>): Interpolated {
  let value = text;
  for (let pass = 0; pass < MAX_PASSES && value.includes("${"); pass++) {
    const next = value.replace(
      /\$\{([^}]+)\}/g,
      (whole, name: string) => properties.get(name.trim()) ?? whole,
    );
    if (next === value) break;
    value = next;
  }
  const missing = [...value.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]);
  return { value, missing };
}

/**
 * The project.* properties Maven defines from the effective coordinates (groupId and version inherited from
 * the parent when not declared), with their deprecated `pom.*` and bare spellings.
 */
export function builtinProperties(coordinates: {
  groupId?: string;
  artifactId?: string;
  version?: string;
  parent?: { groupId?: string; artifactId?: string; version?: string };
}): Map<string, string> {
  const out = new Map<string, string>();
  const set = (name: string, value: string | undefined) => {
    if (value === undefined) return;
    for (const prefix of ["project.", "pom.", ""]) out.set(prefix + name, value);
  };
  set("groupId", coordinates.groupId ?? coordinates.parent?.groupId);
  set("artifactId", coordinates.artifactId);
  set("version", coordinates.version ?? coordinates.parent?.version);
  set("parent.groupId", coordinates.parent?.groupId);
  set("parent.artifactId", coordinates.parent?.artifactId);
  set("parent.version", coordinates.parent?.version);
  return out;
}
