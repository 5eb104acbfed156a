import { spawn } from "node:child_process";

/** Result of one git invocation. */
export interface GitOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git in `cwd` without a shell, collecting output; never throws for a non-zero exit. */
export function git(cwd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<GitOutput> {
  return new Promise((resolve) => {
    const child = spawn("git", args, {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", ...env },
    });
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
