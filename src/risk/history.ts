import { type Git, gitRunner } from "./git.js";
import { type GitScope, gitScope } from "./scope.js";

/** One commit as the history checks need it. */
export interface Commit {
  hash: string;
  authorName: string;
  authorEmail: string;
  /** Author and committer times in Unix seconds. */
  authorTime: number;
  commitTime: number;
}

/** A tag with the time it was created (tagger date for annotated tags, commit date otherwise). */
export interface Tag {
  name: string;
  time: number;
  /** Whether the tag object carries a PGP/SSH signature. */
  signed: boolean;
}

/** The git history of the assessed tree, or why there is none to read. */
export type HistoryResult =
  | { available: true; commits: Commit[]; tags: Tag[]; shallow: boolean }
  | { available: false; reason: string };

const FIELD = "\x1f";
const RECORD = "\x1e";

/** How to read history: the git runner, and the scope of the folder when the caller already knows it. */
export interface HistoryOptions {
  git?: Git;
  scope?: GitScope;
}

/**
 * Reads the history with one `git log` pass (plus one `for-each-ref` for tags). For a folder inside a
 * larger repository, only the commits touching that folder are read. Not a repository, an empty
 * repository, a folder no commit touches and git failures become `available: false` with a reason a
 * person can act on.
 */
export async function readHistory(root: string, options: HistoryOptions = {}): Promise<HistoryResult> {
  const git = options.git ?? gitRunner();
  const scope = options.scope ?? (await gitScope(root, git));
  if (scope.kind === "none") return { available: false, reason: "not a git repository: no history to read" };
  if (scope.kind === "ignored")
    return {
      available: false,
      reason: `the folder is ignored by the enclosing git repository ${scope.top}: no history of its own`,
    };
  const head = await git(root, ["rev-parse", "--verify", "-q", "HEAD"]);
  if (head.code !== 0) return { available: false, reason: "empty repository: no commits yet" };
  // `-- .` limits the log to commits touching the folder (git reads the pathspec relative to `root`).
  const only = scope.kind === "folder" ? ["--", "."] : [];
  const [log, refs, shallow] = await Promise.all([
    git(root, ["log", `--format=%H${FIELD}%an${FIELD}%ae${FIELD}%at${FIELD}%ct${RECORD}`, "HEAD", ...only]),
    git(root, [
      "for-each-ref",
      "refs/tags",
      `--format=%(refname:short)${FIELD}%(creatordate:unix)${FIELD}%(contents:signature)${RECORD}`,
    ]),
    git(root, ["rev-parse", "--is-shallow-repository"]),
  ]);
  if (log.code !== 0)
    return { available: false, reason: `git log failed: ${log.stderr.trim().split("\n")[0]}` };
  const commits: Commit[] = [];
  for (const record of log.stdout.split(RECORD)) {
    const fields = record.replace(/^\n/, "").split(FIELD);
    if (fields.length < 5) continue;
    commits.push({
      hash: fields[0],
      authorName: fields[1],
      authorEmail: fields[2].toLowerCase(),
      authorTime: Number(fields[3]),
      commitTime: Number(fields[4]),
    });
  }
  if (commits.length === 0 && scope.kind === "folder")
    return {
      available: false,
      reason: `no commit of the enclosing git repository ${scope.top} touches the folder ${scope.folder}`,
    };
  const tags: Tag[] = [];
  for (const record of refs.stdout.split(RECORD)) {
    const fields = record.replace(/^\n/, "").split(FIELD);
    if (fields.length < 3 || !fields[0]) continue;
    tags.push({
      name: fields[0],
      time: Number(fields[1]),
      signed: /-----BEGIN (PGP|SSH) SIGNATURE-----/.test(fields[2]),
    });
  }
  return { available: true, commits, tags, shallow: shallow.stdout.trim() === "true" };
}

/** The reason history-based results are withheld, or undefined when the full history is there. */
export function historyGap(history: HistoryResult): string | undefined {
  if (!history.available) return history.reason;
  if (history.shallow) return "shallow clone: history incomplete";
  return undefined;
}
