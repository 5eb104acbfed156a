import { type CheckDefinition, countedNegatives } from "../check.js";
import { mapConcurrent, READ_CONCURRENCY } from "../concurrent.js";
import { fileName, isTestFixturePath } from "../paths.js";
import type { Repository } from "../repository.js";
import { type ProbeFinding, scored } from "../types.js";

/** Extensions Scorecard treats as binary artifacts (when the content is not plain text). */
const BINARY_EXTENSIONS = new Set([
  "crx",
  "deb",
  "dex",
  "dey",
  "elf",
  "o",
  "a",
  "so",
  "macho",
  "iso",
  "class",
  "jar",
  "bundle",
  "dylib",
  "lib",
  "msi",
  "dll",
  "drv",
  "efi",
  "exe",
  "ocx",
  "pyc",
  "pyo",
  "par",
  "rpm",
  "wasm",
  "whl",
]);

/** Magic numbers of executable and archive formats that are binary artifacts whatever their name. */
const MAGIC: { name: string; bytes: number[] }[] = [
  { name: "ELF", bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: "Mach-O", bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: "Mach-O", bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { name: "Mach-O", bytes: [0xfe, 0xed, 0xfa, 0xcf] },
  { name: "Mach-O universal", bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { name: "PE/COFF", bytes: [0x4d, 0x5a] },
  { name: "WebAssembly", bytes: [0x00, 0x61, 0x73, 0x6d] },
];

/** Whether the first bytes look like text (valid UTF-8 without NUL or other control bytes). */
export function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return true;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) return false;
  }
  // A cut multi-byte sequence at the end is fine; anything else invalid is binary.
  const decoded = head.toString("utf8");
  return !decoded.slice(0, -3).includes("\uFFFD");
}

/** Kind of binary a file is, or undefined when it is not a binary artifact. */
export function binaryKind(path: string, head: Buffer): string | undefined {
  const magic = MAGIC.find((m) => m.bytes.every((b, i) => head[i] === b));
  if (magic && !looksLikeText(head)) return magic.name;
  const dot = fileName(path).lastIndexOf(".");
  const ext =
    dot > 0
      ? fileName(path)
          .slice(dot + 1)
          .toLowerCase()
      : "";
  if (BINARY_EXTENSIONS.has(ext) && !looksLikeText(head)) return `.${ext}`;
  return undefined;
}

/** Whether a workflow validates the Gradle wrapper (then gradle-wrapper.jar is trusted, as Scorecard allows). */
async function validatesGradleWrapper(repo: Repository): Promise<boolean> {
  return (await repo.workflows()).workflows
    .filter((w) => w.triggers.length > 0)
    .some((w) =>
      w.jobs.some((j) =>
        j.steps.some((s) =>
          /^gradle\/(wrapper-validation-action|actions\/wrapper-validation)@/.test(s.uses ?? ""),
        ),
      ),
    );
}

/** Probe: binary files checked into the source tree (test fixtures excluded). */
export async function binaryArtifactsProbe(repo: Repository): Promise<ProbeFinding[]> {
  const findings: ProbeFinding[] = [];
  let gradleValidated: boolean | undefined;
  const candidates = repo.files.filter((f) => f.size > 0 && !isTestFixturePath(f.path));
  const heads = await mapConcurrent(candidates, READ_CONCURRENCY, (f) => repo.readHead(f.path, 1024));
  for (const [i, file] of candidates.entries()) {
    const head = heads[i];
    if ("error" in head) {
      findings.push({
        probe: "hasBinaryArtifacts",
        outcome: "error",
        message: head.error,
        location: { path: file.path },
      });
      continue;
    }
    const kind = binaryKind(file.path, head.data);
    if (!kind) continue;
    if (fileName(file.path) === "gradle-wrapper.jar") {
      gradleValidated ??= await validatesGradleWrapper(repo);
      if (gradleValidated) {
        findings.push({
          probe: "hasUnverifiedBinaryArtifacts",
          outcome: "positive",
          message: "gradle-wrapper.jar is checked by a wrapper-validation workflow",
          location: { path: file.path },
        });
        continue;
      }
    }
    findings.push({
      probe: "hasUnverifiedBinaryArtifacts",
      outcome: "negative",
      message: `binary artifact (${kind}) in the source tree`,
      location: { path: file.path },
      values: { kind, size: file.size },
    });
  }
  return findings;
}

/** Binary-Artifacts (High): 10 minus one point per binary artifact. */
export const binaryArtifacts: CheckDefinition = {
  name: "Binary-Artifacts",
  risk: "High",
  description: "executables and compiled artifacts checked into the repository",
  async run(ctx) {
    const findings = ctx.suppress(await binaryArtifactsProbe(ctx.repo));
    const binaries = countedNegatives(findings).length;
    return scored(
      10 - binaries,
      binaries === 0 ? "no binaries found in the repo" : `binaries present in source code (${binaries})`,
      findings,
    );
  },
};
