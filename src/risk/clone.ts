import { createHash } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import envPaths from "env-paths";
import { RiskError } from "./errors.js";
import { git } from "./git.js";

/** Whether an argument names a remote repository rather than a local path. */
export function isGitUrl(target: string): boolean {
  return /^(https?|ssh|git|file):\/\//.test(target) || /^[\w.-]+@[\w.-]+:/.test(target);
}

/**
 * Clones a repository shallowly (depth 1) into Bulwark's cache directory and returns its path; an existing
 * clone of the same URL is refreshed. History-based checks then report "shallow clone: history incomplete".
 */
export async function cloneRepository(
  url: string,
  cacheDir = envPaths("bulwark", { suffix: "" }).cache,
): Promise<string> {
  const target = join(cacheDir, "risk", createHash("sha256").update(url).digest("hex").slice(0, 16));
  mkdirSync(join(cacheDir, "risk"), { recursive: true });
  if (existsSync(target)) rmSync(target, { recursive: true, force: true });
  const result = await git(cacheDir, ["clone", "--depth", "1", "--quiet", url, target]);
  if (result.code !== 0) {
    throw new RiskError(
      `cannot clone ${url}: ${result.stderr.trim().split("\n").pop() ?? "git clone failed"}`,
      {
        hint: "check the URL and your network, or clone it yourself and pass the local path",
      },
    );
  }
  return target;
}
