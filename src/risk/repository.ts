import fs, { type Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { mapConcurrent, READ_CONCURRENCY } from "./concurrent.js";
import { type Git, gitRunner } from "./git.js";
import { parseWorkflow, type Workflow } from "./parse/workflow.js";
import { type GitScope, gitScope } from "./scope.js";
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

/** How to open a tree: the git runner, and its git scope when the caller already knows it. */
export interface OpenOptions {
  git?: Git;
  scope?: GitScope;
}

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
  private workflowCache?: Promise<WorkflowSet>;

  private readonly sizes: Map<string, number>;

  private constructor(
    readonly root: string,
    readonly files: RepoFile[],
    readonly isGitWorkTree: boolean,
    /** Files that could not be listed or stat'ed, with the reason. */
    readonly unreadable: { path: string; error: string }[],
  ) {
    this.sizes = new Map(files.map((f) => [f.path, f.size]));
  }

  /**
   * Lists the files of `root`: what git lists (tracked, and untracked but not ignored) when `root` is a git
   * work tree or a folder inside one, else a walk of the folder. A folder its enclosing repository ignores
   * is walked too, since git would list nothing in it.
   */
  static async open(root: string, options: OpenOptions = {}): Promise<Repository> {
    const git = options.git ?? gitRunner();
    const scope = options.scope ?? (await gitScope(root, git));
    const unreadable: { path: string; error: string }[] = [];
    let paths: string[] | undefined;
    if (scope.kind === "repository" || scope.kind === "folder") {
      const listed = await git(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
      if (listed.code === 0) paths = [...new Set(listed.stdout.split("\0").filter(Boolean))];
    }
    const isGit = paths !== undefined;
    paths ??= await walk(root, "", unreadable);
    const stats = await mapConcurrent(paths, READ_CONCURRENCY * 2, async (path) => {
      try {
        const st = await statFile(join(root, path));
        return st.isFile() ? { path, size: st.size } : undefined;
      } catch (error) {
        // Deleted-but-tracked files and dangling symlinks are not part of the tree on disk.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
          unreadable.push({ path, error: (error as Error).message });
        }
        return undefined;
      }
    });
    const files = stats.filter((f): f is RepoFile => f !== undefined);
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return new Repository(root, files, isGit, unreadable);
  }

  /**
   * Reads a file as UTF-8 text, or says why it could not: a file over MAX_TEXT_BYTES is not read at all
   * (its size is checked first), so a huge file can neither exhaust memory nor be judged on a truncated copy.
   */
  async readText(path: string): Promise<ReadResult> {
    const read = await this.read(path, (size) =>
      size > MAX_TEXT_BYTES
        ? {
            error: `${path} is ${size} bytes, over the ${MAX_TEXT_BYTES}-byte limit for text files; not read`,
          }
        : size,
    );
    return "error" in read ? read : { text: read.data.toString("utf8") };
  }

  /** Reads at most the first `length` bytes of a file (sparse or huge files are never read whole). */
  readHead(path: string, length: number): Promise<{ data: Buffer } | { error: string }> {
    // The size listed moments ago bounds the read and saves an fstat per file (thousands per run).
    const listed = this.sizes.get(path);
    return this.read(path, (size) => Math.min(length, size), listed);
  }

  /** Opens a file, lets `amount` decide from its size how many bytes to read (or refuse), reads them. */
  private async read(
    path: string,
    amount: (size: number) => number | { error: string },
    knownSize?: number,
  ): Promise<{ data: Buffer } | { error: string }> {
    try {
      return await readPrefix(join(this.root, path), amount, knownSize);
    } catch (error) {
      return { error: `cannot read ${path}: ${(error as Error).message}` };
    }
  }

  /** Files whose path matches a predicate. */
  filter(predicate: (path: string) => boolean): RepoFile[] {
    return this.files.filter((f) => predicate(f.path));
  }

  /** The workflows under `.github/workflows` (parsed once; malformed files become error findings). */
  workflows(): Promise<WorkflowSet> {
    this.workflowCache ??= this.parseWorkflows();
    return this.workflowCache;
  }

  private async parseWorkflows(): Promise<WorkflowSet> {
    const workflows: Workflow[] = [];
    const errors: ProbeFinding[] = [];
    const files = this.filter((p) => /^\.github\/workflows\/[^/]+\.ya?ml$/i.test(p));
    for (const file of files) {
      const read = await this.readText(file.path);
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
    return { workflows, errors, fileCount: files.length };
  }
}

/**
 * open → fstat (unless the size is known) → read → close with callbacks under one promise: the tree's files are read by the thousand,
 * and the FileHandle API costs two to three times the CPU per file here (measured on the risk benchmark).
 */
function readPrefix(
  file: string,
  amount: (size: number) => number | { error: string },
  knownSize?: number,
): Promise<{ data: Buffer } | { error: string }> {
  return new Promise((resolve, reject) => {
    fs.open(file, "r", (openError, fd) => {
      if (openError) return reject(openError);
      const finish = (error: Error | null, result?: { data: Buffer } | { error: string }) =>
        fs.close(fd, () => (error ? reject(error) : resolve(result!)));
      const sized = (done: (error: Error | null, size: number) => void) =>
        knownSize === undefined ? fs.fstat(fd, (e, st) => done(e, e ? 0 : st.size)) : done(null, knownSize);
      sized((statError, size) => {
        if (statError) return finish(statError);
        const wanted = amount(size);
        if (typeof wanted !== "number") return finish(null, wanted);
        // Never allocate more than the file holds: most reads are of small files with a large cap.
        const buffer = Buffer.allocUnsafe(wanted);
        let total = 0;
        const next = () => {
          if (total >= buffer.length) return finish(null, { data: buffer });
          fs.read(fd, buffer, total, buffer.length - total, total, (readError, n) => {
            if (readError) return finish(readError);
            if (n === 0) return finish(null, { data: buffer.subarray(0, total) });
            total += n;
            next();
          });
        };
        next();
      });
    });
  });
}

/** `stat` with a callback under one promise (cheaper than fs/promises for thousands of files). */
function statFile(file: string): Promise<fs.Stats> {
  return new Promise((resolve, reject) =>
    fs.stat(file, (error, st) => (error ? reject(error) : resolve(st))),
  );
}

async function walk(
  root: string,
  dir: string,
  unreadable: { path: string; error: string }[],
): Promise<string[]> {
  const out: string[] = [];
  let entries: Dirent[];
  try {
    entries = await readdir(join(root, dir), { withFileTypes: true });
  } catch (error) {
    unreadable.push({ path: dir || ".", error: (error as Error).message });
    return out;
  }
  for (const entry of entries) {
    if (entry.name === ".git" || entry.name === "node_modules") continue;
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await walk(root, rel, unreadable)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}
