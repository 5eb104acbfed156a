import { basename, dirname, join, normalize } from "node:path/posix";
import {
  type PackageManagerContext,
  type PackageManagerType,
  packageManagerDependency,
} from "./package-managers.js";
import { parseShell, type ShellCommand } from "./shell-words.js";

/** Kinds of dependency a script can pull in, named as Scorecard names them. */
export type ScriptDependencyType = "downloadThenRun" | PackageManagerType;

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

  /** `context`: repository facts deciding whether package-manager commands are pinned. */
  constructor(readonly context: PackageManagerContext = {}) {}

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
  const pm = w.length > 0 ? packageManagerDependency(w, tracker.context) : undefined;
  if (pm) found.push(at(pm));
  if (isDownload(w)) {
    const file = downloadedFile(command);
    if (file && !downloadUrlIsPinned(w)) tracker.downloaded.set(clean(file), false);
  }
  return found;
}
