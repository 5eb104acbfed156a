/** Helpers for the version specs npm writes into lockfiles ("npm:real@1.0.0", "git+ssh://...#sha", "file:x"). */

import { isRecord } from "../parse-text.js";

/** "npm:@scope/real@1.2.3" -> { name: "@scope/real", spec: "1.2.3" }; undefined when not an alias. */
export function parseAlias(spec: string): { name: string; spec: string } | undefined {
  if (!spec.startsWith("npm:")) return undefined;
  const rest = spec.slice(4);
  const at = rest.lastIndexOf("@");
  if (at <= 0) return { name: rest, spec: "" };
  return { name: rest.slice(0, at), spec: rest.slice(at + 1) };
}

const GIT_PREFIXES = ["git+", "git:", "git@", "github:", "gitlab:", "bitbucket:", "gist:"];

/** Whether a resolved URL or version spec points at a git repository. */
export function isGitSpec(spec: string): boolean {
  if (GIT_PREFIXES.some((p) => spec.startsWith(p))) return true;
  // "user/repo#ref" shorthand (GitHub) and https URLs ending in .git
  return /^[\w.-]+\/[\w.-]+(#.*)?$/.test(spec) || /^https?:\/\/.*\.git(#.*)?$/.test(spec);
}

/** The commit of a git spec ("...#<hex sha>"), or undefined when the fragment is no commit hash. */
export function gitCommit(spec: string | undefined): string | undefined {
  if (!spec || !isGitSpec(spec)) return undefined;
  const hash = spec.lastIndexOf("#");
  if (hash < 0) return undefined;
  const fragment = spec.slice(hash + 1);
  return /^[0-9a-f]{7,40}$/i.test(fragment) ? fragment : undefined;
}

/** Whether a spec points at a local folder or tarball rather than a registry version. */
export function isLocalSpec(spec: string): boolean {
  return spec.startsWith("file:") || spec.startsWith("link:") || spec.startsWith("portal:");
}

/** The package.json fields that declare dependencies, and the group each puts its packages in. */
export const DECLARATION_FIELDS = {
  dependencies: undefined,
  devDependencies: "dev",
  optionalDependencies: "optional",
  peerDependencies: "peer",
} as const;

/** Names declared in a package.json-like object, each with the groups its fields give it. */
export function declaredDependencies(manifest: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(manifest)) return out;
  for (const field of Object.keys(DECLARATION_FIELDS) as (keyof typeof DECLARATION_FIELDS)[]) {
    const deps = manifest[field];
    if (!isRecord(deps)) continue;
    for (const [name, spec] of Object.entries(deps)) if (!out.has(name)) out.set(name, String(spec));
  }
  return out;
}

/** Every declaration of a package.json-like object with the group its field gives it ("" = production). */
export function declarationsWithGroups(
  manifest: unknown,
): { name: string; range: string; group: "" | "dev" | "optional" | "peer" }[] {
  if (!isRecord(manifest)) return [];
  const out: { name: string; range: string; group: "" | "dev" | "optional" | "peer" }[] = [];
  for (const [field, group] of Object.entries(DECLARATION_FIELDS)) {
    const deps = manifest[field];
    if (!isRecord(deps)) continue;
    for (const [name, range] of Object.entries(deps))
      out.push({ name, range: String(range), group: group ?? "" });
  }
  return out;
}
