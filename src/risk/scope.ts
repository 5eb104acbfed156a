import type { Git } from "./git.js";

/**
 * Where the assessed folder sits in git: the top of its own repository, a folder inside another
 * repository (a package of a monorepo, or a project kept inside a dotfiles repository), a folder the
 * enclosing repository ignores, or no repository at all.
 */
export type GitScope =
  | { kind: "none" }
  | { kind: "repository"; top: string }
  | { kind: "folder"; top: string; folder: string }
  | { kind: "ignored"; top: string; folder: string };

/** Finds the git scope of `root` with one `rev-parse` (plus one `check-ignore` for a folder). */
export async function gitScope(root: string, git: Git): Promise<GitScope> {
  const parsed = await git(root, ["rev-parse", "--is-inside-work-tree", "--show-toplevel", "--show-prefix"]);
  const [inside, top, prefix] = parsed.stdout.split("\n");
  if (parsed.code !== 0 || inside !== "true" || !top) return { kind: "none" };
  if (!prefix) return { kind: "repository", top };
  const folder = prefix.replace(/\/$/, "");
  const ignored = await git(root, ["check-ignore", "-q", "."]);
  return ignored.code === 0 ? { kind: "ignored", top, folder } : { kind: "folder", top, folder };
}

/** What the report says about a scope that is not a repository of its own (undefined otherwise). */
export function scopeWarning(root: string, scope: GitScope, commits: number | null): string | undefined {
  if (scope.kind === "folder") {
    return (
      `${root} is the folder ${scope.folder} inside the git repository ${scope.top}: Maintained, Contributors ` +
      `and criticality use only the ${commits ?? 0} commit(s) touching this folder; tags (Signed-Releases, ` +
      "recent releases) and HEAD are the enclosing repository's"
    );
  }
  if (scope.kind === "ignored") {
    return (
      `${root} is the folder ${scope.folder} inside the git repository ${scope.top}, which ignores it: ` +
      "assessed as a plain folder without history"
    );
  }
  return undefined;
}
