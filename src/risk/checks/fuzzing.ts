import type { CheckDefinition } from "../check.js";
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

/** Probe: fuzzing or property-based testing set up in the tree (one positive finding per tool). */
export function fuzzingProbe(repo: Repository): ProbeFinding[] {
  const found = new Map<string, ProbeFinding>();
  for (const file of repo.files) {
    if (isVendoredPath(file.path) || file.size > 1024 * 1024) continue;
    for (const rule of RULES) {
      if (found.has(rule.tool) || !rule.path.test(file.path)) continue;
      if (rule.content) {
        const read = repo.readText(file.path);
        if ("error" in read || !rule.content.test(read.text)) continue;
      }
      found.set(rule.tool, {
        probe: "fuzzed",
        outcome: "positive",
        message: `${rule.tool} found in ${fileName(file.path)}`,
        location: { path: file.path },
        values: { tool: rule.tool },
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
  run(ctx) {
    const findings = fuzzingProbe(ctx.repo);
    if (findings.length > 0) {
      return scored(10, `project is fuzzed: ${findings.map((f) => f.values?.tool).join(", ")}`, findings);
    }
    return scored(0, "project is not fuzzed (enrolment in OSS-Fuzz's own repository was not checked)", [
      { probe: "fuzzed", outcome: "negative", message: "no fuzzing configuration or fuzz tests found" },
    ]);
  },
};
