import { basename } from "node:path/posix";

/** Package-manager dependency kinds, named as Scorecard names them. */
export type PackageManagerType = "goCommand" | "pipCommand" | "npmCommand" | "chocoCommand" | "nugetCommand";

/** Repository facts that decide whether a package-manager command is pinned. */
export interface PackageManagerContext {
  /**
   * NuGet restores resolve exactly what the projects lock: every .csproj sets RestoreLockedMode, or central
   * package management pins every version (see parse/dotnet.ts).
   */
  nugetRestoreLocked?: boolean;
}

const PYTHON = ["python", "python3", "python2.7"];
const isName = (expected: string, word: string | undefined): boolean =>
  word !== undefined && basename(word).toLowerCase() === expected;
const isOneOf = (names: string[], word: string | undefined): boolean => names.some((n) => isName(n, word));

function isGoUnpinned(w: string[]): boolean {
  let insecure = false;
  const hash = /^[A-Fa-f0-9]{40,}$/;
  const semver = /^v\d+\.\d+\.\d+(-[0-9A-Za-z-.]+)?(\+[0-9A-Za-z-.]+)?$/;
  for (let i = 1; i < w.length - 1; i++) {
    while (i < w.length - 1 && ["-d", "-f", "-t", "-u", "-v", "-fix", "-insecure"].includes(w[i + 1])) {
      if (w[i + 1] === "-insecure") insecure = true;
      i++;
    }
    if (i + 1 >= w.length) return false;
    const pkg = w[i + 1];
    if (!/\w+\.\w+\/\w+/.test(pkg)) return false;
    const parts = pkg.split("@");
    if (parts.length !== 2) continue;
    const version = parts[1];
    if (version === "none" || hash.test(version) || (!insecure && semver.test(version))) return false;
  }
  return true;
}

function isPinnedEditableSource(source: string): boolean {
  if (!/^(git|svn|hg|bzr).+$/.test(source)) return true;
  return /^git(\+(https?|ssh|git))?:\/\/.*(.git)?@[a-fA-F0-9]{40}(#egg=.*)?$/.test(source);
}

/** Scorecard's pip rule: hashes required, or a `--no-deps` editable install from local/pinned source, or wheels only. */
function isPipUnpinned(w: string[]): boolean {
  let noDeps = false;
  let editable = false;
  let editablePinned = true;
  let requireHashes = false;
  let additional = false;
  let wheel = false;
  for (let i = 2; i < w.length; i++) {
    const a = w[i];
    if (a.toLowerCase() === "--no-deps") noDeps = true;
    else if (a === "-e" || a === "--editable") editable = true;
    else if (a.toLowerCase() === "--require-hashes") {
      requireHashes = true;
      break;
    } else if (/^(--?\w+)+$/.test(a)) continue;
    else if (a.endsWith(".whl")) wheel = true;
    else if (editable) editablePinned &&= isPinnedEditableSource(a);
    else additional = true;
  }
  if (editable) return !noDeps || !editablePinned;
  if (requireHashes) return false;
  if (additional) return true;
  return !wheel;
}

function pipCommand(w: string[]): string[] | undefined {
  if (isOneOf(["pip", "pip3"], w[0]) && w[1]?.toLowerCase() === "install") return w;
  if (!isOneOf(PYTHON, w[0])) return undefined;
  const m = w.findIndex((x, i) => i > 0 && x === "-m" && w[i + 1]?.toLowerCase() === "pip");
  if (m === -1) return undefined;
  const rest = w.slice(m + 1);
  return rest[1]?.toLowerCase() === "install" ? rest : undefined;
}

/**
 * Classifies a package-manager invocation (go get/install, pip, npm, choco, nuget, dotnet, msbuild restore)
 * as pinned or not with Scorecard's rules, or returns undefined when the command installs nothing.
 */
export function packageManagerDependency(
  w: string[],
  context: PackageManagerContext = {},
): { type: PackageManagerType; pinned: boolean } | undefined {
  if (w.length > 2 && isName("go", w[0]) && (w[1] === "get" || w[1] === "install")) {
    return { type: "goCommand", pinned: !isGoUnpinned(w) };
  }
  const pip = pipCommand(w);
  if (pip) return { type: "pipCommand", pinned: !isPipUnpinned(pip) };
  if (isName("npm", w[0])) {
    const verbs = w.slice(1).map((x) => x.toLowerCase());
    if (verbs.some((v) => ["install", "i", "install-test", "update", "ci"].includes(v))) {
      return { type: "npmCommand", pinned: verbs.includes("ci") };
    }
  }
  if (isOneOf(["choco", "choco.exe"], w[0]) && w[1]?.toLowerCase() === "install") {
    const checksums = w
      .slice(2)
      .some((a) =>
        ["--requirechecksum", "--requirechecksums", "--require-checksums"].includes(
          a.split("=")[0].toLowerCase(),
        ),
      );
    return { type: "chocoCommand", pinned: checksums };
  }
  if (isOneOf(["nuget", "nuget.exe"], w[0]) && w[1]?.toLowerCase() === "install") {
    const pinned =
      w.length === 2 ||
      w[2].endsWith("packages.config") ||
      w.slice(2).some((a) => a.toLowerCase() === "-version");
    return { type: "nugetCommand", pinned };
  }
  // Restores without locked mode resolve versions afresh (newer Scorecard flags them).
  const locked = context.nugetRestoreLocked === true;
  const verb = w[1]?.toLowerCase();
  if (isOneOf(["nuget", "nuget.exe"], w[0]) && verb === "restore") {
    return { type: "nugetCommand", pinned: locked || w.some((a) => a.toLowerCase() === "-lockedmode") };
  }
  if (isOneOf(["dotnet", "dotnet.exe"], w[0]) && verb === "restore") {
    return { type: "nugetCommand", pinned: locked || w.some((a) => a.toLowerCase() === "--locked-mode") };
  }
  if (isOneOf(["msbuild", "msbuild.exe"], w[0]) && w.some((a) => /^[/-]t(arget)?:restore$/i.test(a))) {
    return {
      type: "nugetCommand",
      pinned: locked || w.some((a) => /^[/-]p:RestoreLockedMode=true$/i.test(a)),
    };
  }
  if (
    isOneOf(["dotnet", "dotnet.exe"], w[0]) &&
    w.length >= 4 &&
    w[1].toLowerCase() === "add" &&
    (w[2].toLowerCase() === "package" || w[3].toLowerCase() === "package")
  ) {
    const pinned = w.slice(3).some((a) => a.toLowerCase() === "-v" || a.toLowerCase() === "--version");
    return { type: "nugetCommand", pinned };
  }
  return undefined;
}
