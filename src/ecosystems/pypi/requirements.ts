import { posix } from "node:path";
import type { InventoryError } from "../../model/inventory.js";
import type { Package, SourceLocation } from "../../model/package.js";
import { normalizeLineBreaks } from "../line-breaks.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { REQUIREMENTS_FORMAT } from "./extractors.js";
import { isPep440Version } from "./pep440.js";
import { viaAnnotations } from "./pip-compile-via.js";
import { normalizePypiName, pypiPackage } from "./pypi-package.js";

/** One logical line (continuations joined), with the line it starts on. */
interface LogicalLine {
  text: string;
  line: number;
}

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/;
const CLAUSE = /^(===|==|!=|~=|<=|>=|<|>)\s*(.+)$/;
/** pip options that stand alone on a line and declare no package. */
const GLOBAL_OPTIONS =
  /^(-i|--index-url|--extra-index-url|--no-index|-f|--find-links|--pre|--trusted-host|--prefer-binary|--require-hashes|--only-binary|--no-binary|--use-feature|--use-pep517|--no-build-isolation|--no-deps)(\s|=|$)/;
const WHEEL_OR_SDIST = /([A-Za-z0-9][A-Za-z0-9._]*)-(\d[^-/]*?)(?:-[^/]*)?\.(?:whl|tar\.gz|zip|tar\.bz2)$/;

/**
 * Joins "\"-continued lines and drops comments ("#" at the start or after whitespace). Lines end at LF, CR LF
 * or a lone CR, as pip reads them (str.splitlines).
 */
export function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  const raw = normalizeLineBreaks(text).split("\n");
  let current: LogicalLine | undefined;
  raw.forEach((physical, i) => {
    const withoutComment = physical.replace(/(^|\s)#.*$/, "$1");
    const continued = /\\\s*$/.test(withoutComment);
    const body = continued ? withoutComment.replace(/\\\s*$/, "") : withoutComment;
    if (current) current.text += ` ${body}`;
    else current = { text: body, line: i + 1 };
    if (!continued) {
      if (current.text.trim() !== "") out.push({ text: current.text.trim(), line: current.line });
      current = undefined;
    }
  });
  if (current && current.text.trim() !== "") out.push({ text: current.text.trim(), line: current.line });
  return out;
}

/** What a requirement's version specifier means for the inventory. */
export function interpretSpec(spec: string): { version: string; resolved: boolean } {
  const compact = spec.trim();
  if (compact === "") return { version: "", resolved: false };
  const clauses = compact.split(",").map((c) => c.trim());
  if (clauses.length === 1) {
    const m = CLAUSE.exec(clauses[0]!);
    if (m && (m[1] === "===" || (m[1] === "==" && isPep440Version(m[2]!) && !m[2]!.includes("*")))) {
      return { version: m[2]!.trim(), resolved: true };
    }
  }
  // Whitespace after each operator goes; text after the version (kept by pip's parser) stays.
  return {
    version: clauses.map((c) => c.replace(/^(===|==|!=|~=|<=|>=|<|>)\s+/, "$1")).join(","),
    resolved: false,
  };
}

interface Context {
  input: ExtractInput;
  packages: Package[];
  errors: InventoryError[];
  /** Files already read, as "-r:path" or "-c:path" (a file may be both a requirement and a constraint file). */
  visited: Set<string>;
  constraints: Map<string, string>;
}

/**
 * requirements.txt and its variants (requirements-dev.txt, dev-requirements.txt, requirements/*.txt).
 * Only `==`/`===` pins of one exact version are resolved; ranges, unpinned names, wildcards, `~=`, URLs
 * and environment variables are reported with `resolved: false` and the declared specifier as version (never
 * evaluated as their lowest version). `-r` files are read in place (their packages keep the `-r` line and
 * their own line), loops are cut; `-c` constraint files pin otherwise unpinned requirements. Hashes, extras,
 * environment markers, per-requirement options and line continuations are understood. Lines that name no
 * package are reported in `errors`.
 */
export async function extractRequirements(input: ExtractInput): Promise<ExtractResult> {
  const ctx: Context = {
    input,
    packages: [],
    errors: [],
    visited: new Set([`-r:${posix.normalize(input.path)}`]),
    constraints: new Map(),
  };
  await readRequirementsFile(ctx, input.text, "", undefined);
  for (const p of ctx.packages) {
    const pin = ctx.constraints.get(normalizePypiName(p.name));
    if (!p.resolved && pin)
      Object.assign(p, pypiPackage({ ...p, purl: undefined, version: pin, resolved: true }));
  }
  applyViaAnnotations(input.path, normalizeLineBreaks(input.text), ctx.packages);
  return { packages: ctx.packages, errors: ctx.errors };
}

/**
 * In pip-compile output, "# via -r requirements.in" marks a direct requirement and "# via flask" an edge
 * from flask (and the package pulled in through flask transitive). Without annotations every requirement line
 * is direct: it is what the project asks pip to install.
 */
function applyViaAnnotations(path: string, text: string, packages: Package[]): void {
  const vias = viaAnnotations(text);
  if (vias.size === 0) return;
  const byName = new Map(packages.map((p) => [normalizePypiName(p.name), p]));
  for (const p of packages) {
    const own = p.locations[0];
    if (own?.path !== path || own.line === undefined || p.locations.length > 1) continue;
    const sources = vias.get(own.line) ?? [];
    p.direct = sources.some((s) => /^(-r|--requirement)\b/.test(s));
    for (const s of sources) {
      const parent = byName.get(normalizePypiName(s.split(/\s/)[0]!));
      if (parent && parent !== p && !parent.dependencies.includes(p.purl)) parent.dependencies.push(p.purl);
    }
  }
}

/** Reads one requirements file; `rel` is its path relative to the top file's folder ("" = the top file). */
async function readRequirementsFile(
  ctx: Context,
  text: string,
  rel: string,
  via: SourceLocation | undefined,
): Promise<void> {
  const shown = rel === "" ? ctx.input.path : posix.normalize(posix.join(posix.dirname(ctx.input.path), rel));
  for (const { text: lineText, line } of logicalLines(text)) {
    const here = { path: shown, line };
    const include = /^(-r|--requirement|-c|--constraint)(?:\s+|=)?(\S+)$/.exec(lineText);
    if (include) {
      const target = posix.normalize(posix.join(posix.dirname(rel), include[2]!));
      const key = posix.normalize(posix.join(posix.dirname(ctx.input.path), target));
      const isConstraint = include[1]!.startsWith("-c") || include[1] === "--constraint";
      const visit = `${isConstraint ? "-c" : "-r"}:${key}`;
      if (ctx.visited.has(visit)) continue; // include loop, or read already
      ctx.visited.add(visit);
      const content = await ctx.input.readFile(target);
      if (content === undefined) {
        ctx.errors.push({ path: shown, line, message: `cannot read the included file ${include[2]}` });
        continue;
      }
      if (isConstraint) readConstraints(ctx, content);
      else await readRequirementsFile(ctx, content, target, via ?? here);
      continue;
    }
    if (lineText.startsWith("-e ") || lineText.startsWith("--editable")) {
      const egg = /#egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(lineText);
      if (egg)
        addPackage(
          ctx,
          egg[1]!,
          { version: lineText.replace(/^(-e|--editable)[\s=]+/, ""), resolved: false },
          here,
          via,
          [],
        );
      continue; // an editable local folder is the project's own code
    }
    if (GLOBAL_OPTIONS.test(lineText)) continue;
    if (lineText.startsWith("-")) {
      ctx.errors.push({ path: shown, line, message: `unrecognised option line "${lineText}"; not read` });
      continue;
    }
    readRequirement(ctx, lineText, here, via);
  }
}

function readRequirement(
  ctx: Context,
  lineText: string,
  here: SourceLocation,
  via: SourceLocation | undefined,
): void {
  // Per-requirement options start at the first whitespace-separated "-"; hashes are kept.
  const optionStart = lineText.search(/\s-/);
  const requirement = (optionStart >= 0 ? lineText.slice(0, optionStart) : lineText).trim();
  const options = optionStart >= 0 ? lineText.slice(optionStart) : "";
  const hashes = [...options.matchAll(/--hash(?:=|\s+)(\S*)/g)].map((m) => m[1]!).filter((h) => h !== "");
  const withoutMarker = requirement.split(";")[0]!.trim();

  const direct = /^(.+?)\s*@\s*(\S+)$/.exec(withoutMarker);
  if (direct && NAME.test(direct[1]!)) {
    const commit = /@([0-9a-f]{40})(?:#|$)/.exec(direct[2]!)?.[1];
    addPackage(
      ctx,
      direct[1]!.replace(/\[.*$/, "").trim(),
      { version: direct[2]!, resolved: false },
      here,
      via,
      hashes,
      commit,
    );
    return;
  }
  if (/^(\.|\/|[a-z+]+:\/\/)/i.test(withoutMarker)) {
    const file = WHEEL_OR_SDIST.exec(withoutMarker);
    if (file) addPackage(ctx, file[1]!, { version: file[2]!, resolved: true }, here, via, hashes);
    else ctx.errors.push({ ...here, message: `cannot tell which package "${withoutMarker}" is; not read` });
    return;
  }
  const m = NAME.exec(withoutMarker);
  const spec = m?.[3]?.trim() ?? "";
  if (!m || (spec !== "" && !spec.split(",").every((c) => CLAUSE.test(c.trim())))) {
    ctx.errors.push({ ...here, message: `not a requirement: "${lineText}"; not read` });
    return;
  }
  addPackage(ctx, m[1]!, interpretSpec(spec), here, via, hashes);
}

function addPackage(
  ctx: Context,
  name: string,
  at: { version: string; resolved: boolean },
  here: SourceLocation,
  via: SourceLocation | undefined,
  hashes: string[],
  commit?: string,
): void {
  ctx.packages.push(
    pypiPackage({
      name,
      version: at.version,
      resolved: at.resolved,
      direct: true,
      commit,
      hashes: hashes.length > 0 ? hashes : undefined,
      locations: via ? [via, here] : [here],
    }),
  );
}

/** A constraints file: exact pins only, by normalised name. */
function readConstraints(ctx: Context, text: string): void {
  for (const { text: lineText } of logicalLines(text)) {
    const m = NAME.exec(lineText.split(";")[0]!.split(/\s-/)[0]!.trim());
    if (!m) continue;
    const spec = interpretSpec(m[3] ?? "");
    if (spec.resolved) ctx.constraints.set(normalizePypiName(m[1]!), spec.version);
  }
}

/** The requirements.txt extractor; matches requirements*.txt, *-requirements.txt and requirements/*.txt (not requirements.in). */
export const requirementsExtractor: Extractor = {
  ...REQUIREMENTS_FORMAT,
  extract: extractRequirements,
};
