/** What a `uses:` value denotes. */
export type UsesReference =
  | { kind: "action"; name: string; ref: string; commit?: string }
  | { kind: "local" | "docker" }
  | { kind: "invalid"; reason: string };

const REMOTE = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)(\/[^@]*)?(?:@(.*))?$/;
const SHA = /^[0-9a-f]{40}$/i;

/**
 * Classifies a `uses:` value: "owner/repo[/path]@ref" is the action (or reusable workflow) of repository
 * owner/repo at that ref (a full commit SHA is also its commit); "./dir" is in this repository and
 * "docker://image" a container, neither a GitHub Actions package.
 */
export function parseUses(value: string): UsesReference {
  const uses = value.trim();
  if (uses.startsWith("./") || uses.startsWith("../")) return { kind: "local" };
  if (uses.startsWith("docker://")) return { kind: "docker" };
  if (uses.includes("${{")) return { kind: "invalid", reason: "computed by an expression" };
  const match = REMOTE.exec(uses);
  if (!match) return { kind: "invalid", reason: 'not "owner/repo@ref"' };
  const ref = match[4];
  if (ref === undefined) return { kind: "invalid", reason: "no @ref" };
  if (ref === "") return { kind: "invalid", reason: "empty ref after @" };
  const name = `${match[1]}/${match[2]}`;
  return SHA.test(ref)
    ? { kind: "action", name, ref, commit: ref.toLowerCase() }
    : { kind: "action", name, ref };
}
