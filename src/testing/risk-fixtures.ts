import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { corpusPath } from "./corpus.js";

/** A file to place in a test repository: a corpus fixture (path under corpus/scorecard) or literal text. */
export type TestFile = { fixture: string } | { text: string };

/** One commit of a test history: author, ISO date, and files to write (default: a changing file). */
export interface TestCommit {
  author?: string;
  email?: string;
  date: string;
  files?: Record<string, string>;
}

/** Runs git in a directory for test setup; throws with git's message on failure. */
export function gitIn(dir: string, args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: dir, ...env },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

const created: string[] = [];
// Test repositories live until the test process ends.
process.on("exit", () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory removed when the test process exits. */
export function tempDir(prefix = "bulwark-risk-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Creates a temporary git repository holding `files` at their logical paths, committed once. */
export function makeRepo(files: Record<string, TestFile>, options: { commit?: boolean } = {}): string {
  const dir = tempDir();
  gitIn(dir, ["init", "-q", "-b", "main"]);
  for (const [path, file] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    if ("fixture" in file) copyFileSync(corpusPath("scorecard", file.fixture), target);
    else writeFileSync(target, file.text);
  }
  if (options.commit !== false) commitAll(dir, { date: "2026-01-01T00:00:00Z" });
  return dir;
}

/** Commits everything in the work tree with a controlled author and date. */
export function commitAll(dir: string, commit: TestCommit): void {
  const name = commit.author ?? "Test Author";
  const email = commit.email ?? "author@example.org";
  gitIn(dir, ["add", "-A"]);
  gitIn(
    dir,
    ["-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", `commit at ${commit.date}`],
    {
      GIT_AUTHOR_NAME: name,
      GIT_AUTHOR_EMAIL: email,
      GIT_COMMITTER_NAME: name,
      GIT_COMMITTER_EMAIL: email,
      GIT_AUTHOR_DATE: commit.date,
      GIT_COMMITTER_DATE: commit.date,
    },
  );
}

/** Appends commits with controlled dates and authors to a repository (a file changes in each). */
export function addHistory(dir: string, commits: TestCommit[]): void {
  for (const [i, commit] of commits.entries()) {
    for (const [path, text] of Object.entries(commit.files ?? { "history.txt": `change ${i}\n` })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    commitAll(dir, commit);
  }
}

/** A local git server over smart HTTP (`git http-backend` as CGI) serving the repositories under a folder. */
export interface GitHttpServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  /** Paths requested, in order (with query strings). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves the repositories under `root` read-only over smart HTTP on 127.0.0.1, the way a forge does, so
 * clone tests run against a real git server without the network. `redirects` maps request paths to
 * Location answers (302) for redirect tests.
 */
export async function serveGitOverHttp(
  root: string,
  redirects: Record<string, string> = {},
): Promise<GitHttpServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(`${url.pathname}${url.search}`);
    const redirect = Object.entries(redirects).find(([prefix]) => url.pathname.startsWith(prefix));
    if (redirect) {
      res.writeHead(302, { location: redirect[1] + url.pathname.slice(redirect[0].length) + url.search });
      res.end();
      return;
    }
    const cgi = spawn("git", ["http-backend"], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: "1",
        GIT_CONFIG_NOSYSTEM: "1",
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? "GET",
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        HTTP_CONTENT_ENCODING: req.headers["content-encoding"] ?? "",
        GIT_PROTOCOL: String(req.headers["git-protocol"] ?? ""),
        REMOTE_ADDR: "127.0.0.1",
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersSent = false;
    cgi.stdout.on("data", (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) return;
      let status = 200;
      for (const line of head.subarray(0, end).toString("latin1").split("\r\n")) {
        const colon = line.indexOf(":");
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
        else res.setHeader(name, value);
      }
      res.writeHead(status);
      headersSent = true;
      res.write(head.subarray(end + 4));
    });
    cgi.stdout.on("end", () => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
