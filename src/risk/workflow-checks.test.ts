// Packaging, SAST, CI-Tests, Dependency-Update-Tool, Fuzzing and the remaining top-level fixtures.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { describe, it } from "node:test";
import { corpusPath } from "../testing/corpus.js";
import { makeRepo, type TestFile } from "../testing/risk-fixtures.js";
import { assessRisk } from "./assess.js";
import type { CheckResult } from "./types.js";

async function run(check: string, files: Record<string, TestFile>): Promise<CheckResult> {
  return (await assessRisk({ path: makeRepo(files), checks: [check] })).checks[0];
}
const WF = ".github/workflows";

describe("Packaging on Scorecard's packaging fixtures", () => {
  const names = readdirSync(corpusPath("scorecard", WF))
    .filter((f) => f.startsWith("github-workflow-packaging-"))
    .map((f) => f.replace(/^github-workflow-packaging-|\.yaml$/g, ""));
  for (const name of names) {
    const detected = name !== "pypi-failing";
    it(`${name} → ${detected ? "10" : "not evaluated"}`, async () => {
      const file = `github-workflow-packaging-${name}.yaml`;
      const result = await run("Packaging", { [`${WF}/${file}`]: { fixture: `${WF}/${file}` } });
      assert.equal(result.score, detected ? 10 : null);
      if (!detected) assert.match(result.reason, /not detected/);
    });
  }
});

describe("SAST", () => {
  for (const [fixture, score] of [
    [`${WF}/github-workflow-sast-codeql.yaml`, 10],
    [`${WF}/github-workflow-sast-no-codeql.yaml`, 0],
    [`${WF}/airflow-codeql-workflow.yaml`, 10],
    [`raw/${WF}/github-pysa-workflow.yaml`, 10],
    [`raw/${WF}/github-qodana-workflow.yaml`, 10],
    [`raw/${WF}/github-workflow-snyk.yaml`, 10],
    [`raw/${WF}/github-hadolint-workflow.yaml`, 10],
    [`${WF}/github-hadolint-workflow.yaml`, 10],
  ] as const) {
    it(`${fixture} → ${score}`, async () => {
      const result = await run("SAST", { [`${WF}/x.yaml`]: { fixture } });
      assert.equal(result.score, score);
    });
  }
  for (const pom of ["pom-1line.xml", "pom-2lines.xml"]) {
    it(`${pom} as pom.xml: SonarQube configured → 10`, async () => {
      const result = await run("SAST", { "pom.xml": { fixture: pom } });
      assert.equal(result.score, 10);
    });
  }
});

describe("other tree checks", () => {
  it("Dependency-Update-Tool: dependabot.yml → 10, nothing → 0", async () => {
    assert.equal(
      (await run("Dependency-Update-Tool", { ".github/dependabot.yml": { text: "version: 2\n" } })).score,
      10,
    );
    assert.equal((await run("Dependency-Update-Tool", { "renovate.json": { text: "{}" } })).score, 10);
    assert.equal((await run("Dependency-Update-Tool", { "a.txt": { text: "x" } })).score, 0);
  });
  it("Fuzzing: Go native fuzz test, ClusterFuzzLite, fast-check, Atheris → 10; none → 0", async () => {
    const cases: Record<string, TestFile>[] = [
      { "pkg/x_test.go": { text: "package x\n\nfunc FuzzParse(f *testing.F) {}\n" } },
      { ".clusterfuzzlite/Dockerfile": { text: "FROM gcr.io/oss-fuzz-base/base-builder\n" } },
      { "package.json": { text: '{"devDependencies":{"fast-check":"^4.0.0"}}' } },
      { "fuzz/fuzz_x.py": { text: "import atheris\n" } },
    ];
    for (const files of cases) {
      const result = await run("Fuzzing", files);
      assert.equal(result.score, 10, JSON.stringify(Object.keys(files)));
    }
    assert.equal((await run("Fuzzing", { "main.go": { text: "package main\n" } })).score, 0);
  });
  it("CI-Tests: not evaluated, with workflow evidence", async () => {
    const result = await run("CI-Tests", {
      [`${WF}/ci.yml`]: {
        text: "on: [pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n",
      },
    });
    assert.equal(result.status, "not-evaluated");
    assert.equal(result.findings[0].probe, "testsRunInCI");
  });
  it("script.sh and script-sh: download-then-run patterns in scripts", async () => {
    for (const [fixture, path] of [
      ["script.sh", "script.sh"],
      ["script-sh", "bin/script"],
    ]) {
      const result = await run("Pinned-Dependencies", { [path]: { fixture } });
      const bad = result.findings.filter((f) => f.outcome === "negative");
      // curl|bash, ./myfile, sh -c "curl|sh", bash <(wget), bash /tmp/file3 (and file2/file1 via bash -c)
      assert.ok(bad.length >= 5, `${fixture}: ${bad.length}`);
      assert.ok(bad.every((f) => f.values?.dependencyType === "downloadThenRun"));
    }
  });
  it("Dockerfile-pinned-without-hash: the tag-only FROM is unpinned", async () => {
    const result = await run("Pinned-Dependencies", {
      Dockerfile: { fixture: "Dockerfile-pinned-without-hash" },
    });
    assert.ok(
      result.findings.some((f) => f.values?.dependencyType === "containerImage" && f.outcome === "negative"),
    );
  });
  it("API-only checks are listed as not evaluated with the reason", async () => {
    for (const name of ["Branch-Protection", "Code-Review", "Webhooks", "CII-Best-Practices"]) {
      const result = await run(name, { "a.txt": { text: "x" } });
      assert.equal(result.score, null);
      assert.match(result.reason, /GitHub API/);
      assert.equal(result.findings.at(-1)?.outcome, "not-available");
    }
  });
});
