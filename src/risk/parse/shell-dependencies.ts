import { basename, dirname, join, normalize } from "node:path/posix";
import { parseShell, type ShellCommand } from "./shell-words.js";

/** Kinds of dependency a script can pull in, named as Scorecard names them. */
export type ScriptDependencyType =
  | "downloadThenRun"
  | "goCommand"
  | "pipCommand"
  | "npmCommand"
  | "chocoCommand"
  | "nugetCommand";

/** A dependency fetched by a shell command, pinned or not, with its 1-based line within the script. */
export interface ScriptDependency {
  type: ScriptDependencyType;
  pinned: boolean;
  line: number;
  command: string;
  /** Why a download-then-run is considered safe (checksum verified, URL pinned to a commit). */
  note?: string;
}

const SUPPORTED_SHELLS = ["sh", "bash", "mksh"];
const SHELL_NAMES = [...SUPPORTED_SHELLS, "dash", "ksh", "zsh"];
const PYTHON = ["python", "python3", "python2.7"];
const OTHER_INTERPRETERS = ["perl", "ruby", "php", "node", "nodejs", "java"];
const INTERPRETERS = ["dotnet", "nuget", ...OTHER_INTERPRETERS, "exec", "su", ...SHELL_NAMES, ...PYTHON];
const DOWNLOADERS = ["curl", "wget", "gsutil"];
const COMMIT_IN_URL = /[/@=][0-9a-f]{40}(?:[/?#]|$)/i;
const CHECKSUM_TOOLS =
  /^(sha(1|224|256|384|512)sum|shasum|md5sum|b2sum|cosign|gpg|gpgv|minisign|sigstore|slsa-verifier)$/i;

const isName = (expected: string, word: string | undefined): boolean =>
  word !== undefined && basename(word).toLowerCase() === expected;
const isOneOf = (names: string[], word: string | undefined): boolean => names.some((n) => isName(n, word));
const clean = (p: string): string => normalize(p.replace(/^["']|["']$/g, ""));

function isDownload(words: string[]): boolean {
  if (isOneOf(DOWNLOADERS, words[0])) return true;
  return (
    isName("aws", words[0]) && words[1]?.toLowerCase() === "s3api" && words[2]?.toLowerCase() === "get-object"
  );
}

/** The file a download command writes to, as Scorecard infers it (wget -O / URL basename, gsutil, aws, `>`). */
function downloadedFile(command: ShellCommand): string | undefined {
  const w = command.words;
  if (command.redirectTo) return command.redirectTo;
  if (isName("wget", w[0])) {
    for (let i = 1; i < w.length - 1; i++) if (w[i] === "-O" || w[i] === "-o") return w[i + 1];
    const url = w.find((x) => x.startsWith("http"));
    if (url) return basename(new URL(url, "http://x").pathname);
  }
  if (isName("curl", w[0])) {
    for (let i = 1; i < w.length - 1; i++) if (w[i] === "-o" || w[i] === "--output") return w[i + 1];
  }
  if (isName("gsutil", w[0])) {
    for (let i = 1; i < w.length - 1; i++) {
      if (!w[i].startsWith("gs://")) continue;
      const target = w[i + 1];
      return isDirectory(target) ? join(dirname(target), basename(w[i])) : target;
    }
  }
  if (isName("aws", w[0]) && isDownload(w) && w.length >= 5) {
    const target = w[w.length - 1];
    return isDirectory(target) ? join(dirname(target), basename(w[w.length - 2])) : target;
  }
  return undefined;
}

function isDirectory(p: string): boolean {
  return p === "." || p.endsWith("/") || clean(dirname(p)) === clean(p);
}

function downloadUrlIsPinned(words: string[]): boolean {
  return words.some((w) => /^['"]?(https?|gs|s3):\/\//.test(w) && COMMIT_IN_URL.test(w));
}

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

/** Classifies a package-manager invocation, or returns undefined when the command installs nothing. */
function packageManagerDependency(w: string[]): { type: ScriptDependencyType; pinned: boolean } | undefined {
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
  const verb = w[1]?.toLowerCase();
  if (isOneOf(["nuget", "nuget.exe"], w[0]) && verb === "restore") {
    return { type: "nugetCommand", pinned: w.some((a) => a.toLowerCase() === "-lockedmode") };
  }
  if (isOneOf(["dotnet", "dotnet.exe"], w[0]) && verb === "restore") {
    return { type: "nugetCommand", pinned: w.some((a) => a.toLowerCase() === "--locked-mode") };
  }
  if (isOneOf(["msbuild", "msbuild.exe"], w[0]) && w.some((a) => /^[/-]t(arget)?:restore$/i.test(a))) {
    return { type: "nugetCommand", pinned: w.some((a) => /^[/-]p:RestoreLockedMode=true$/i.test(a)) };
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

/** `bash -c "..."`: the interpreter and the inline script, when the command is one. */
function inlineScript(command: ShellCommand): string | undefined {
  const w = command.words;
  const interpreterAt = w.findIndex((x) => isOneOf([...SHELL_NAMES, "su", "exec"], x));
  if (interpreterAt === -1) return undefined;
  if (!w.slice(interpreterAt + 1).some((x) => x.startsWith("-") && x.includes("c"))) return undefined;
  const quoted = w.find((x) => /^(['"]).*\1$/s.test(x));
  return quoted?.slice(1, -1);
}

/** Tracks files downloaded earlier (across RUN lines of one Dockerfile, or one script) and verified ones. */
export class DownloadTracker {
  readonly downloaded = new Map<string, boolean>();

  /** Marks a file as verified when a checksum/signature tool reads it. */
  verify(words: string[]): void {
    if (!CHECKSUM_TOOLS.test(basename(words[0] ?? ""))) return;
    for (const w of words.slice(1)) {
      const file = clean(w);
      if (this.downloaded.has(file)) this.downloaded.set(file, true);
    }
  }
}

/**
 * Finds the dependencies a shell script pulls in: download-then-run (pipe to an interpreter, process
 * substitution, or executing a file downloaded earlier without verifying its checksum) and package-manager
 * installs, each pinned or not. `tracker` carries downloaded files across calls (Dockerfile RUN lines).
 */
export function scriptDependencies(script: string, tracker = new DownloadTracker()): ScriptDependency[] {
  const found: ScriptDependency[] = [];
  for (const pipeline of parseShell(script)) {
    const downloadAt = pipeline.findIndex((c) => isDownload(c.words));
    if (downloadAt !== -1 && pipeline.slice(downloadAt + 1).some((c) => isOneOf(INTERPRETERS, c.words[0]))) {
      const pinned = downloadUrlIsPinned(pipeline[downloadAt].words);
      found.push({
        type: "downloadThenRun",
        pinned,
        line: pipeline[0].line,
        command: pipeline.map((c) => c.text).join(" | "),
        note: pinned ? "download URL is pinned to a commit" : undefined,
      });
    }
    // Checksum checks fed by a pipe (`echo "<sum>  file" | sha256sum -c`) verify the file named in the echo.
    const checksumAt = pipeline.findIndex((c) => CHECKSUM_TOOLS.test(basename(c.words[0] ?? "")));
    if (checksumAt > 0) {
      for (const c of pipeline.slice(0, checksumAt))
        tracker.verify(["sha256sum", ...c.words.flatMap(splitQuoted)]);
    }
    for (const command of pipeline) {
      found.push(...commandDependencies(command, tracker));
    }
  }
  return found;
}

function splitQuoted(word: string): string[] {
  return word.replace(/^["']|["']$/g, "").split(/\s+/);
}

function commandDependencies(command: ShellCommand, tracker: DownloadTracker): ScriptDependency[] {
  const found: ScriptDependency[] = [];
  const w = command.words;
  const at = (d: Omit<ScriptDependency, "line" | "command">): ScriptDependency => ({
    ...d,
    line: command.line,
    command: command.text,
  });
  const inline = inlineScript(command);
  if (inline !== undefined) {
    for (const dep of scriptDependencies(inline, tracker))
      found.push({ ...dep, line: command.line + dep.line - 1 });
  }
  for (const body of command.commandSubstitutions) {
    if (isOneOf(INTERPRETERS, w[0]) && parseShell(body).some((p) => p.some((c) => isDownload(c.words)))) {
      found.push(at({ type: "downloadThenRun", pinned: false }));
    }
  }
  if (isOneOf(INTERPRETERS, w[0])) {
    for (const body of command.processSubstitutions) {
      const inner = parseShell(body)[0]?.[0];
      if (inner && isDownload(inner.words)) {
        found.push(at({ type: "downloadThenRun", pinned: downloadUrlIsPinned(inner.words) }));
      }
    }
  }
  tracker.verify(w);
  for (const [file, verified] of tracker.downloaded) {
    const executes =
      (w.length > 0 && clean(w[0]) === file) ||
      (isOneOf(INTERPRETERS, w[0]) && w.slice(1).some((a) => clean(a) === file));
    if (!executes) continue;
    found.push(
      at({
        type: "downloadThenRun",
        pinned: verified,
        note: verified ? "downloaded file is checksum-verified before it runs" : undefined,
      }),
    );
  }
  const pm = w.length > 0 ? packageManagerDependency(w) : undefined;
  if (pm) found.push(at(pm));
  if (isDownload(w)) {
    const file = downloadedFile(command);
    if (file && !downloadUrlIsPinned(w)) tracker.downloaded.set(clean(file), false);
  }
  return found;
}
