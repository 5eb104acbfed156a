import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { git } from "./git.js";
import { parseWorkflow, type Workflow } from "./parse/workflow.js";
import type { ProbeFinding } from "./types.js";

/** A file of the assessed tree: repository-relative path with `/` separators, and size in bytes. */
export interface RepoFile {
  path: string;
  size: number;
}

/** Text read from a file, or the reason it could not be read. */
export type ReadResult = { text: string } | { error: string };

/** Files larger than this are not read as text (binary detection still reads their first bytes). */
export const MAX_TEXT_BYTES = 4 * 1024 * 1024;

/** Workflows found under `.github/workflows`, and an error finding for each file that could not be parsed. */
export interface WorkflowSet {
  workflows: Workflow[];
  errors: ProbeFinding[];
  /** Number of workflow files present (parsed or not). */
  fileCount: number;
}

/**
 * The tree being assessed: its file list (tracked + untracked-not-ignored files in a git work tree, else a
 * walk), cheap reads, and the workflow set parsed once for every check.
 */
export class Repository {
  private workflowCache?: WorkflowSet;

  private constructor(
    readonly root: string,
    readonly files: RepoFile[],
    readonly isGitWorkTree: boolean,
    /** Files that could not be listed or stat'ed, with the reason. */
    readonly unreadable: { path: string; error: string }[],
  ) {}

  /** Lists the files of `root`. */
  static async open(root: string): Promise<Repository> {
    const inside = await git(root, ["rev-parse", "--is-inside-work-tree"]);
    const unreadable: { path: string; error: string }[] = [];
    let paths: string[];
    let isGit = false;
    if (inside.code === 0 && inside.stdout.trim() === "true") {
      const listed = await git(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
      isGit = listed.code === 0;
      paths = isGit ? [...new Set(listed.stdout.split("\0").filter(Boolean))] : walk(root, "", unreadable);
    } else {
      paths = walk(root, "", unreadable);
    }
    const files: RepoFile[] = [];
    for (const path of paths) {
      try {
        const st = statSync(join(root, path));
        if (st.isFile()) files.push({ path, size: st.size });
      } catch (error) {
        // Deleted-but-tracked files and dangling symlinks are not part of the tree on disk.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
          unreadable.push({ path, error: (error as Error).message });
        }
      }
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return new Repository(root, files, isGit, unreadable);
  }

  /** Reads a file as UTF-8 text (at most MAX_TEXT_BYTES), or says why it could not. */
  readText(path: string): ReadResult {
    const bytes = this.readHead(path, MAX_TEXT_BYTES);
    return "error" in bytes ? bytes : { text: bytes.data.toString("utf8") };
  }

  /** Reads the first `length` bytes of a file (sparse or huge files are never read whole). */
  readHead(path: string, length: number): { data: Buffer } | { error: string } {
    let fd: number | undefined;
    try {
      fd = openSync(join(this.root, path), "r");
      // Never allocate more than the file holds: most reads are of small files with a large cap.
      const buffer = Buffer.allocUnsafe(Math.min(length, fstatSync(fd).size));
      let total = 0;
      while (total < buffer.length) {
        const n = readSync(fd, buffer, total, buffer.length - total, total);
        if (n === 0) break;
        total += n;
      }
      return { data: buffer.subarray(0, total) };
    } catch (error) {
      return { error: `cannot read ${path}: ${(error as Error).message}` };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Files whose path matches a predicate. */
  filter(predicate: (path: string) => boolean): RepoFile[] {
    return this.files.filter((f) => predicate(f.path));
  }

  /** The workflows under `.github/workflows` (parsed once; malformed files become error findings). */
  workflows(): WorkflowSet {
    if (this.workflowCache) return this.workflowCache;
    const workflows: Workflow[] = [];
    const errors: ProbeFinding[] = [];
    const files = this.filter((p) => /^\.github\/workflows\/[^/]+\.ya?ml$/i.test(p));
    for (const file of files) {
      const read = this.readText(file.path);
      if ("error" in read) {
        errors.push({
          probe: "workflowParses",
          outcome: "error",
          message: read.error,
          location: { path: file.path },
        });
        continue;
      }
      try {
        workflows.push(parseWorkflow(file.path, read.text));
      } catch (error) {
        const mark = (error as { mark?: { line?: number } }).mark;
        const reason = (error as Error).message.split("\n")[0];
        errors.push({
          probe: "workflowParses",
          outcome: "error",
          message: `cannot parse workflow ${file.path}: ${reason}`,
          location: { path: file.path, line: mark?.line !== undefined ? mark.line + 1 : undefined },
        });
      }
    }
    this.workflowCache = { workflows, errors, fileCount: files.length };
    return this.workflowCache;
  }
}

function walk(root: string, dir: string, unreadable: { path: string; error: string }[]): string[] {
  const out: string[] = [];
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch (error) {
    unreadable.push({ path: dir || ".", error: (error as Error).message });
    return out;
  }
  for (const entry of entries) {
    if (entry.name === ".git" || entry.name === "node_modules") continue;
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(root, rel, unreadable));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}
