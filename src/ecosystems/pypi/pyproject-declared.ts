import { parse } from "smol-toml";
import { isRecord } from "../parse-text.js";
import { normalizePypiName } from "./pypi-package.js";

/** The distribution name at the start of a PEP 508 requirement string ("requests[x]>=2; marker" -> "requests"). */
function requirementName(requirement: unknown): string | undefined {
  if (typeof requirement !== "string") return undefined;
  return /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1];
}

function tableAt(root: unknown, ...keys: string[]): unknown {
  let node = root;
  for (const k of keys) node = isRecord(node) ? node[k] : undefined;
  return node;
}

/**
 * The PEP 503-normalised names a pyproject.toml declares itself: PEP 621 `project.dependencies` and
 * `optional-dependencies`, PEP 735 `dependency-groups`, Poetry's dependency tables and groups, PDM's
 * dev-dependencies. Used to tell direct from transitive packages in a lockfile beside it. Undefined when
 * the text is not readable TOML (direct/transitive then stays unknown).
 */
export function declaredInPyproject(text: string | undefined): Set<string> | undefined {
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return undefined;
  }
  const names = new Set<string>();
  const addList = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const r of list) {
      const n = requirementName(r);
      if (n) names.add(normalizePypiName(n));
    }
  };
  const addLists = (table: unknown) => {
    if (isRecord(table)) for (const list of Object.values(table)) addList(list);
  };
  const addKeys = (table: unknown) => {
    if (isRecord(table))
      for (const k of Object.keys(table)) if (k !== "python") names.add(normalizePypiName(k));
  };
  addList(tableAt(doc, "project", "dependencies"));
  addLists(tableAt(doc, "project", "optional-dependencies"));
  addLists(tableAt(doc, "dependency-groups"));
  addLists(tableAt(doc, "tool", "pdm", "dev-dependencies"));
  addKeys(tableAt(doc, "tool", "poetry", "dependencies"));
  addKeys(tableAt(doc, "tool", "poetry", "dev-dependencies"));
  const groups = tableAt(doc, "tool", "poetry", "group");
  if (isRecord(groups)) for (const g of Object.values(groups)) addKeys(tableAt(g, "dependencies"));
  return names;
}
