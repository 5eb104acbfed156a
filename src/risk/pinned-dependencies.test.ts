// Pinned-Dependencies on Scorecard's raw/ fixtures (numbers of unpinned dependencies from EXPECTED.md) and
// on the false positives Bulwark avoids.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { corpusPath } from "../testing/corpus.js";
import { makeRepo, type TestFile } from "../testing/risk-fixtures.js";
import { assessRisk } from "./assess.js";
import { baseImages, parseDockerfile } from "./parse/dockerfile.js";
import { scriptDependencies } from "./parse/shell-dependencies.js";
import { parseWorkflow, stepShell } from "./parse/workflow.js";
import type { CheckResult } from "./types.js";

async function pinned(files: Record<string, TestFile>): Promise<CheckResult> {
  const report = await assessRisk({ path: makeRepo(files), checks: ["Pinned-Dependencies"] });
  return report.checks[0];
}
const unpinned = (c: CheckResult) => c.findings.filter((f) => f.outcome === "negative" && !f.suppressed);

describe("Pinned-Dependencies on Scorecard's fixtures", () => {
  for (const [fixture, path, count] of [
    ["raw/Dockerfile-curl-sh", "Dockerfile", 5],
    ["raw/script-pkg-managers", "scripts/install.sh", 56],
    ["raw/Dockerfile-pkg-managers", "Dockerfile", 63],
    ["raw/Dockerfile-not-pinned-as", "Dockerfile", 2],
    ["raw/vendor/Dockerfile-not-pinned-as", "vendor/Dockerfile", 0],
  ] as const) {
    it(`${fixture} at ${path} → ${count} unpinned`, async () => {
      const result = await pinned({ [path]: { fixture }, "README.md": { text: "x\n" } });
      assert.equal(unpinned(result).length, count);
      for (const f of unpinned(result)) assert.ok(f.location?.line, "every finding has a line");
    });
  }
  it("Dockerfile-script-ok → 10", async () => {
    const result = await pinned({ Dockerfile: { fixture: "raw/Dockerfile-script-ok" } });
    assert.equal(result.score, 10);
  });
  it("the curl|sh findings point at the RUN lines", async () => {
    const result = await pinned({ Dockerfile: { fixture: "raw/Dockerfile-curl-sh" } });
    assert.deepEqual(
      unpinned(result).map((f) => f.location?.line),
      [18, 19, 20, 21, 24],
    );
  });
  it("nothing to pin → not evaluated", async () => {
    const result = await pinned({ "README.md": { text: "hello\n" } });
    assert.equal(result.status, "not-evaluated");
  });

  const workflowCases: [string, number, number | null][] = [
    ["workflow-pinned.yaml", 0, 10],
    ["workflow-not-pinned.yaml", 1, 6],
    ["workflow-non-github-pinned.yaml", 0, 10],
    ["workflow-mix-github-and-non-github-not-pinned.yaml", 2, 0],
    ["workflow-mix-github-and-non-github-pinned.yaml", 0, 10],
    ["workflow-mix-pinned-and-non-pinned-github.yaml", 1, 6],
    ["workflow-mix-pinned-and-non-pinned-non-github.yaml", 1, 6],
    ["workflow-local-action.yaml", 0, 10],
    ["workflow-anchor.yaml", 2, 0],
    ["github-workflow-job-uses.yaml", 1, 0],
    ["github-workflow-multiple-unpinned-uses.yaml", 2, 0],
    ["github-workflow-curl-default.yaml", 1, 5],
    ["github-workflow-curl-no-default.yaml", 1, 5],
    ["github-workflow-wget-across-steps.yaml", 2, 5],
    ["github-workflow-download-lines.yaml", 3, 0],
    ["github-workflow-pkg-managers.yaml", 52, 4],
    ["github-workflow-unknown-os.yaml", 4, 0],
    ["github-workflow-matrix-expression.yaml", 0, null],
    ["github-workflow-snyk.yaml", 2, 0],
    ["github-pysa-workflow.yaml", 2, 0],
    ["github-qodana-workflow.yaml", 2, 0],
    ["github-hadolint-workflow.yaml", 1, 0],
    ["airflows-codeql.yaml", 5, 0],
  ];
  for (const [file, count, score] of workflowCases) {
    it(`raw workflow ${file} → ${count} unpinned, score ${score}`, async () => {
      const result = await pinned({
        [`.github/workflows/${file}`]: { fixture: `raw/.github/workflows/${file}` },
      });
      assert.equal(unpinned(result).length, count);
      assert.equal(result.score, score);
    });
  }
  it("empty and comment-only workflow files are reported as errors naming the file", async () => {
    const result = await pinned({
      ".github/workflows/e.yaml": { fixture: "raw/.github/workflows/github-workflow-empty.yaml" },
      ".github/workflows/c.yaml": { fixture: "raw/.github/workflows/github-workflow-comments.yaml" },
    });
    const errors = result.findings.filter((f) => f.outcome === "error");
    assert.deepEqual(errors.map((f) => f.location?.path).sort(), [
      ".github/workflows/c.yaml",
      ".github/workflows/e.yaml",
    ]);
  });
  it("every raw workflow fixture is covered", () => {
    const covered = new Set([
      ...workflowCases.map((c) => c[0]),
      "github-workflow-empty.yaml",
      "github-workflow-comments.yaml",
      "pom.xml",
    ]);
    const all = readdirSync(corpusPath("scorecard", "raw/.github/workflows"));
    assert.deepEqual(
      all.filter((f) => !covered.has(f)),
      [],
    );
  });
});

describe("Dockerfile and script fixtures", () => {
  // Unpinned dependencies (base images + RUN findings) per Dockerfile fixture. EXPECTED.md lists Scorecard's
  // counts only for some (tested above); these are our verdicts, kept as a regression table.
  const dockerfiles: Record<string, number> = {
    "Dockerfile-args": 4,
    "Dockerfile-aws-file": 11,
    "Dockerfile-base": 3,
    "Dockerfile-comments": 0,
    "Dockerfile-curl-file-sh": 12,
    "Dockerfile-download-heredoc": 8,
    "Dockerfile-download-lines": 16,
    "Dockerfile-download-multi-runs": 5,
    "Dockerfile-empty": 0,
    "Dockerfile-empty-run-array": 0,
    "Dockerfile-from-scratch": 0,
    "Dockerfile-gsutil-file": 9,
    "Dockerfile-invalid": 2,
    "Dockerfile-no-curl-sh": 0,
    "Dockerfile-no-curl-sh-with-parser-error": 0,
    "Dockerfile-not-pinned": 3,
    "Dockerfile-not-pinned-as-simple": 1,
    "Dockerfile-not-pinned-with-parser-error": 3,
    "Dockerfile-pinned": 0,
    "Dockerfile-pinned-arg": 0,
    "Dockerfile-pinned-as": 0,
    "Dockerfile-pinned-as-without-hash": 4,
    "Dockerfile-proc-subs": 6,
    "Dockerfile-some-python": 1,
    "Dockerfile-wget-bin-sh": 4,
    "Dockerfile-wget-file": 10,
  };
  it("counts of unpinned dependencies per Dockerfile fixture", async () => {
    const got: Record<string, number> = {};
    for (const name of Object.keys(dockerfiles)) {
      const result = await pinned({ Dockerfile: { fixture: `raw/${name}` }, "a.txt": { text: "x" } });
      got[name] = unpinned(result).length;
    }
    assert.deepEqual(got, dockerfiles);
  });
  it("every raw Dockerfile fixture is covered", () => {
    const all = readdirSync(corpusPath("scorecard", "raw")).filter((f) => f.startsWith("Dockerfile-"));
    const covered = new Set([
      ...Object.keys(dockerfiles),
      "Dockerfile-curl-sh",
      "Dockerfile-pkg-managers",
      "Dockerfile-not-pinned-as",
      "Dockerfile-script-ok",
    ]);
    assert.deepEqual(
      all.filter((f) => !covered.has(f)),
      [],
    );
  });
  it("heredoc RUN bodies are scripts (several heredocs per RUN)", () => {
    const ins = parseDockerfile("FROM scratch\nRUN <<A <<B\necho a\nA\ncurl x | sh\nB\nRUN echo after\n");
    assert.deepEqual(
      ins.map((i) => i.keyword),
      ["FROM", "RUN", "RUN"],
    );
    assert.match(ins[1].args, /echo a[\s\S]*curl x \| sh/);
    assert.equal(ins[2].line, 7);
  });
  it("ARG-based FROM is resolved: an image pinned through an ARG default counts as pinned", () => {
    const images = baseImages(
      parseDockerfile(`ARG BASE=python@sha256:${"a".repeat(64)}\nFROM $\{BASE} AS build\nFROM build\n`),
    );
    assert.deepEqual(
      images.map((i) => i.pinned),
      [true, true],
    );
    const pinnedArg = baseImages(parseDockerfile(corpusText("raw/Dockerfile-pinned-arg")));
    assert.ok(pinnedArg.every((i) => i.pinned));
  });
  it("a checksum-verified download is not download-then-run", () => {
    const deps = scriptDependencies(
      'curl -sSL https://example.com/install.sh -o /tmp/i.sh\necho "abc  /tmp/i.sh" | sha256sum -c -\nbash /tmp/i.sh\n',
    );
    assert.equal(deps.length, 1);
    assert.equal(deps[0].pinned, true);
    assert.match(deps[0].note ?? "", /checksum/);
    const unverified = scriptDependencies(
      "curl -sSL https://example.com/install.sh -o /tmp/i.sh\nbash /tmp/i.sh\n",
    );
    assert.equal(unverified[0].pinned, false);
  });
  it("shell scripts by shebang; shells fixtures resolve to the runner's shell", () => {
    // Explicit step shell, else job/workflow default, else pwsh on all-Windows runners; a matrix mixing
    // Windows and Linux runs bash too.
    const shells: Record<string, string[]> = {
      "all-windows": ["pwsh"],
      "all-windows-bash": ["bash"],
      "all-windows-matrix": ["pwsh"],
      "all-windows-matrix-include": ["pwsh"],
      "all-windows-matrix-include-empty": ["pwsh"],
      "default-macos": ["bash"],
      "default-ubuntu": ["bash"],
      "default-windows": ["pwsh"],
      "runner-windows-ubuntu": ["bash"],
      "specified-job": ["pwsh"],
      "specified-job-step": ["bash"],
      "specified-job-windows": ["bash"],
      "specified-step": ["pwsh"],
      "two-shells": ["bash", "pwsh"],
      "windows-bash": ["bash", "pwsh"],
    };

    const got: Record<string, string[]> = {};
    for (const name of Object.keys(shells)) {
      const file = `.github/workflows/github-workflow-shells-${name}.yaml`;
      const wf = parseWorkflow(file, corpusText(file));
      got[name] = [
        ...new Set(wf.jobs.flatMap((j) => j.steps.filter((s) => s.run).map((s) => stepShell(j, s)))),
      ].sort();
    }
    assert.deepEqual(got, shells);
  });
  it("shell_file_* fixtures: sh/bash/mksh shebangs are scripts, others are not", async () => {
    const files = Object.fromEntries(
      ["awk", "bash_shebang1", "bash_shebang2", "bash_shebang3", "mksh", "no", "sh", "zsh"].map((n) => [
        `bin/${n}`,
        {
          text: `${corpusText(`raw/shell_file_${n.includes("shebang") ? n : `${n}_shebang`}.sh`)}\ncurl http://x | bash\n`,
        },
      ]),
    );
    const result = await pinned(files);
    const flagged = new Set(unpinned(result).map((f) => f.location?.path));
    assert.deepEqual([...flagged].sort(), [
      "bin/bash_shebang1",
      "bin/bash_shebang2",
      "bin/bash_shebang3",
      "bin/mksh",
      "bin/sh",
    ]);
  });
});

function corpusText(path: string): string {
  return readFileSync(corpusPath("scorecard", path), "utf8");
}

describe("NuGet restores and project locking (Directory.*.packages.props, dotnet-*.csproj)", () => {
  const script = { text: "#!/bin/sh\ndotnet restore\nnuget restore\n" };
  const cases: [string, string, boolean][] = [
    ["raw/Directory.Pinned.packages.props", "Directory.Packages.props", true],
    ["raw/Directory.PinnedMultipleGroups.packages.props", "Directory.Packages.props", true],
    ["raw/Directory.CPMFalse.packages.props", "Directory.Packages.props", false],
    ["raw/Directory.Undeclared.packages.props", "Directory.Packages.props", false],
    ["raw/Directory.UndeclaredVersions.packages.props", "Directory.Packages.props", false],
    ["raw/Directory.UnpinnedMultipleGroups.packages.props", "Directory.Packages.props", false],
    ["raw/Directory.UnpinnedVersions.packages.props", "Directory.Packages.props", false],
    ["raw/dotnet-locked-mode-enabled.csproj", "src/App/App.csproj", true],
    ["raw/dotnet-locked-mode-disabled.csproj", "src/App/App.csproj", false],
    ["raw/dotnet-locked-mode-disabled-implicitly.csproj", "src/App/App.csproj", false],
  ];
  for (const [fixture, path, locked] of cases) {
    it(`${fixture} → restores ${locked ? "pinned" : "unpinned"}`, async () => {
      const result = await pinned({ [path]: { fixture }, "build.sh": script });
      const restores = result.findings.filter((f) => f.values?.dependencyType === "nugetCommand");
      assert.equal(restores.length, 2);
      assert.ok(restores.every((f) => f.outcome === (locked ? "positive" : "negative")));
    });
  }
  for (const fixture of ["raw/dotnet-empty.csproj", "raw/dotnet-invalid.csproj"]) {
    it(`${fixture}: an error finding naming the project, restores unpinned`, async () => {
      const result = await pinned({ "src/App/App.csproj": { fixture }, "build.sh": script });
      const error = result.findings.find((f) => f.outcome === "error");
      assert.equal(error?.location?.path, "src/App/App.csproj");
      assert.equal(unpinned(result).length, 2);
    });
  }
});
