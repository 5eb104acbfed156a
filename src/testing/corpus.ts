import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The shared test corpus (real data published by other projects, see ../shared/corpus/README.md):
 * `BULWARK_CORPUS` when set, else `../shared/corpus` beside the repository. Tests and benchmarks find every
 * fixture through this one function.
 */
export function corpusPath(...segments: string[]): string {
  const root = process.env.BULWARK_CORPUS ?? join(repoRoot, "..", "shared", "corpus");
  if (!existsSync(root)) {
    throw new Error(
      `test corpus not found at ${root}: set BULWARK_CORPUS or place shared/ beside the repository`,
    );
  }
  return join(root, ...segments);
}

/** The repository root (for spawning the built CLI in end-to-end tests). */
export const REPO_ROOT = repoRoot;

/** The built CLI entry point, run by end-to-end tests as a real process (`npm test` builds it first). */
export const CLI_BIN = join(repoRoot, "bin", "bulwark.js");
