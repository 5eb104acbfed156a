import { spawn } from "node:child_process";

/** Result of one git invocation. */
export interface GitOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one git command in a folder; never throws for a non-zero exit. */
export type Git = (cwd: string, args: string[]) => Promise<GitOutput>;

/** An environment as the caller has it (`process.env` in the CLI, a configured one in a server). */
export type BaseEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * Variables that point git at another repository, index, object store or configuration, or change how
 * pathspecs are read. Bulwark run from a git hook or alias inherits them, and every command would then
 * read the wrong repository.
 */
const REDIRECTING =
  /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|NAMESPACE|PREFIX|SHALLOW_FILE|GRAFT_FILE|REPLACE_REF_BASE|QUARANTINE_PATH|(LITERAL|GLOB|NOGLOB|ICASE)_PATHSPECS|CONFIG_PARAMETERS|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+)$/;

/**
 * The environment git runs with, built from the caller's: repository-redirecting variables removed, no
 * terminal prompts (a clone asking for a password would hang), and messages in the C locale.
 */
export function gitEnvironment(base: BaseEnvironment): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !REDIRECTING.test(name)) env[name] = value;
  }
  env.GIT_TERMINAL_PROMPT = "0";
  env.LC_ALL = "C";
  return env;
}

/**
 * A git runner: `git` without a shell, in the environment built from `base` by `gitEnvironment`; without
 * `base`, git inherits the environment of the process hosting Bulwark. `signal` stops the running command.
 */
export function gitRunner(base?: BaseEnvironment, signal?: AbortSignal): Git {
  const env = base ? gitEnvironment(base) : undefined;
  return (cwd, args) => runGit(cwd, args, env, signal);
}

function runGit(
  cwd: string,
  args: string[],
  env: Record<string, string> | undefined,
  signal: AbortSignal | undefined,
): Promise<GitOutput> {
  return new Promise((resolve) => {
    const child = spawn("git", args, { cwd, env, signal, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e) => resolve({ code: -1, stdout: "", stderr: String(e.message) }));
    child.on("close", (code) =>
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}
