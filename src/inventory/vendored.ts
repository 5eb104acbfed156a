/**
 * Folders that hold other people's code or tool state rather than the project's own manifests. Reading them
 * would report installed copies (node_modules/x/package.json) as if the project declared them.
 */
const VENDORED_DIRS = new Set([
  ".git",
  ".hg",
  ".svn",
  "node_modules",
  "bower_components",
  "jspm_packages",
  "vendor",
  ".venv",
  "venv",
  ".tox",
  ".nox",
  "__pycache__",
  ".mypy_cache",
  ".pytest_cache",
  "site-packages",
  ".yarn",
  ".pnpm-store",
]);

/** Whether a folder with this name is skipped unless `includeVendored` is set. */
export function isVendoredName(name: string): boolean {
  return VENDORED_DIRS.has(name);
}

/** Whether a folder's entries mark it as a virtualenv (of any name: pyvenv.cfg sits at its top). */
export function isVirtualenv(entryNames: readonly string[]): boolean {
  return entryNames.includes("pyvenv.cfg");
}
