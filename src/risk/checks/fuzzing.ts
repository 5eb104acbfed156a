import type { CheckDefinition } from "../check.js";
import { mapConcurrent, READ_CONCURRENCY } from "../concurrent.js";
import { fileName, isVendoredPath } from "../paths.js";
import type { Repository } from "../repository.js";
import { type ProbeFinding, scored } from "../types.js";

interface FuzzRule {
  tool: string;
  /** Which files to look at. */
  path: RegExp;
  /** What their content must contain (omit: the path alone is evidence). */
  content?: RegExp;
}

/** Larger files are not searched for fuzzing markers (fuzz targets and manifests are small). */
const MAX_FUZZ_FILE_BYTES = 1024 * 1024;

const RULES: FuzzRule[] = [
  { tool: "ClusterFuzzLite", path: /^\.clusterfuzzlite\/(Dockerfile|build\.sh|project\.ya?ml)$/ },
  { tool: "OSS-Fuzz", path: /(^|\/)(oss-fuzz|ossfuzz)\/(project\.ya?ml|build\.sh|Dockerfile)$/i },
  { tool: "GoNativeFuzzing", path: /_test\.go$/, content: /^func Fuzz\w*\s*\(\s*\w+\s+\*testing\.F\s*\)/m },
  { tool: "cargo-fuzz", path: /(^|\/)fuzz\/Cargo\.toml$/, content: /libfuzzer-sys|cargo-fuzz\s*=\s*true/ },
  { tool: "Atheris", path: /\.py$/, content: /^\s*import atheris|^\s*from atheris /m },
  { tool: "Jazzer", path: /\.(java|kt)$/, content: /com\.code_intelligence\.jazzer/ },
  { tool: "libFuzzer", path: /\.(c|cc|cpp|cxx)$/, content: /\bLLVMFuzzerTestOneInput\s*\(/ },
  {
    tool: "fast-check",
    path: /\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)package\.json$/,
    content: /from ["']fast-check["']|require\(["']fast-check["']\)|"fast-check"\s*:/,
  },
  { tool: "Hypothesis", path: /\.py$/, content: /^\s*(from hypothesis import|import hypothesis)/m },
  { tool: "Haskell QuickCheck", path: /\.hs$/, content: /^import\s+Test\.QuickCheck/m },
  { tool: "proptest", path: /(^|\/)Cargo\.toml$/, content: /^\s*(proptest|quickcheck)\s*=/m },
];

/**
 * Probe: fuzzing or property-based testing set up in the tree (one positive finding per tool, at the first
 * file in path order that shows it). Each candidate file is read once, whatever number of rules it meets.
 */
export async function fuzzingProbe(repo: Repository): Promise<ProbeFinding[]> {
  const candidates = repo.files
    .filter((f) => !isVendoredPath(f.path) && f.size <= MAX_FUZZ_FILE_BYTES)
    .map((file) => ({ file, rules: RULES.filter((r) => r.path.test(file.path)) }))
    .filter((c) => c.rules.length > 0);
  const toolsPerFile = await mapConcurrent(candidates, READ_CONCURRENCY, async ({ file, rules }) => {
    const needsText = rules.some((r) => r.content);
    const read = needsText ? await repo.readText(file.path) : undefined;
    const text = read && "text" in read ? read.text : undefined;
    return rules.filter((r) => !r.content || (text !== undefined && r.content.test(text))).map((r) => r.tool);
  });
  const found = new Map<string, ProbeFinding>();
  for (const [i, { file }] of candidates.entries()) {
    for (const tool of toolsPerFile[i]) {
      if (found.has(tool)) continue;
      found.set(tool, {
        probe: "fuzzed",
        outcome: "positive",
        message: `${tool} found in ${fileName(file.path)}`,
        location: { path: file.path },
        values: { tool },
      });
    }
  }
  return [...found.values()];
}

/** Fuzzing (Medium): 10 when a fuzzer or property-based testing library is set up, else 0. */
export const fuzzing: CheckDefinition = {
  name: "Fuzzing",
  risk: "Medium",
  description:
    "fuzzing (OSS-Fuzz, ClusterFuzzLite, native Go fuzzing, cargo-fuzz, Atheris, Jazzer, property tests)",
  async run(ctx) {
    const findings = await fuzzingProbe(ctx.repo);
    if (findings.length > 0) {
      return scored(10, `project is fuzzed: ${findings.map((f) => f.values?.tool).join(", ")}`, findings);
    }
    return scored(0, "project is not fuzzed (enrolment in OSS-Fuzz's own repository was not checked)", [
      { probe: "fuzzed", outcome: "negative", message: "no fuzzing configuration or fuzz tests found" },
    ]);
  },
};
