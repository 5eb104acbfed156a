// End-to-end: the built CLI (`node bin/bulwark.js risk`) on temporary repositories.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { CLI_BIN, corpusPath } from "../testing/corpus.js";
import { makeRepo, tempDir } from "../testing/risk-fixtures.js";

function bulwark(args: string[]) {
  return spawnSync(process.execPath, [CLI_BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
}

const repo = makeRepo({
  ".github/workflows/ci.yml": {
    fixture: ".github/workflows/github-workflow-dangerous-pattern-untrusted-checkout.yml",
  },
  "SECURITY.md": { fixture: "securitypolicy/10_realworld" },
  Dockerfile: { fixture: "raw/Dockerfile-curl-sh" },
  LICENSE: { fixture: "licensedir/withlicense/LICENSE" },
  "src/main.c": { text: "int main(void) { return 0; }\n" },
});

describe("bulwark risk", () => {
  it("--format json has the documented shape", () => {
    const run = bulwark(["risk", repo, "--format", "json", "--db", join(repo, "no-db.sqlite")]);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(typeof report.score, "number");
    assert.equal(report.repo.path, repo);
    const names = report.checks.map((c: { name: string }) => c.name);
    assert.ok(names.includes("Dangerous-Workflow") && names.includes("Vulnerabilities"));
    for (const c of report.checks) {
      assert.ok(["evaluated", "not-evaluated"].includes(c.status));
      assert.equal(c.score === null, c.status === "not-evaluated");
      assert.equal(typeof c.reason, "string");
      assert.ok(["Critical", "High", "Medium", "Low"].includes(c.risk));
      for (const f of c.findings) assert.ok(f.probe && f.outcome && f.message);
    }
    const dw = report.checks.find((c: { name: string }) => c.name === "Dangerous-Workflow");
    assert.equal(dw.score, 0);
    assert.deepEqual(dw.findings[0].location, { path: ".github/workflows/ci.yml", line: 24 });
    const vulns = report.checks.find((c: { name: string }) => c.name === "Vulnerabilities");
    assert.equal(vulns.status, "not-evaluated");
    assert.match(vulns.reason, /no advisory database/);
    const c = report.languages.languages.find((l: { language: string }) => l.language === "C");
    assert.equal(c.memoryUnsafe, true);
    assert.equal(
      report.languages.memoryUnsafeShare,
      Math.round((c.bytes / report.languages.totalBytes) * 10000) / 10000,
    );
    assert.deepEqual(report.languages.largestUnsafeAreas[0].directory, "src");
    assert.equal(typeof report.criticality.score, "number");
  });
  it("--format sarif validates against the SARIF 2.1.0 schema, one result per negative probe", () => {
    const out = join(tempDir(), "risk.sarif");
    const run = bulwark([
      "risk",
      repo,
      "--format",
      "sarif",
      "--output",
      out,
      "--checks",
      "Dangerous-Workflow,Pinned-Dependencies",
    ]);
    assert.equal(run.status, 0, run.stderr);
    const sarif = JSON.parse(readFileSync(out, "utf8")) as {
      runs: {
        results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[];
      }[];
    };
    const schema = JSON.parse(
      readFileSync(corpusPath("schemas", "sarif", "sarif-schema-2.1.0.json"), "utf8"),
    );
    // The schema is draft-04 (`id`); ajv reads it as draft-07 once the draft-04 identifiers are removed.
    delete schema.id;
    delete schema.$schema;
    const ajv = new Ajv.default({ strict: false, validateSchema: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
    const results = sarif.runs[0].results;
    assert.equal(results.filter((r: { ruleId: string }) => r.ruleId === "Dangerous-Workflow").length, 1);
    // 4 unpinned actions + npm install in the workflow, 5 curl|sh in the Dockerfile
    assert.equal(results.filter((r: { ruleId: string }) => r.ruleId === "Pinned-Dependencies").length, 10);
    assert.equal(results[0].locations[0].physicalLocation.region.startLine, 24);
  });
  it("table output names checks, scores and evidence", () => {
    const run = bulwark(["risk", repo, "--checks", "Security-Policy,Dangerous-Workflow"]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Security-Policy\s+10\/10/);
    assert.match(run.stdout, /\.github\/workflows\/ci\.yml:24: untrusted code checkout/);
    assert.match(run.stdout, /Memory-unsafe share: \d+\.\d%/);
    assert.doesNotMatch(run.stdout, /more \(see --format json\)/);
  });
  it("the table caps evidence per check; JSON keeps every finding", () => {
    const many = makeRepo({
      "install.sh": { text: Array.from({ length: 20 }, (_, i) => `curl https://e.org/${i} | sh`).join("\n") },
    });
    const table = bulwark(["risk", many, "--checks", "Pinned-Dependencies"]);
    assert.match(table.stdout, /\.\.\. and 5 more \(see --format json\)/);
    const json = JSON.parse(
      bulwark(["risk", many, "--checks", "Pinned-Dependencies", "--format", "json"]).stdout,
    );
    assert.equal(json.checks[0].findings.length, 20);
  });
  it("--signals adds signals; a bad signals file and an unknown check exit 2 with a hint", () => {
    const signals = join(tempDir(), "signals.json");
    writeFileSync(signals, '{"dependents_count": 1000}');
    const ok = bulwark(["risk", repo, "--format", "json", "--checks", "License", "--signals", signals]);
    assert.equal(JSON.parse(ok.stdout).criticality.signals.dependents_count.source, "signals-file");
    writeFileSync(signals, '{"stars": 3}');
    const bad = bulwark(["risk", repo, "--signals", signals]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown signal "stars"/);
    const unknown = bulwark(["risk", repo, "--checks", "Nope"]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown check "Nope"/);
    const missing = bulwark(["risk", "/nonexistent/dir"]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no directory/);
  });
  it("only https URLs are cloned: other transports and private hosts exit 2 with the reason, leaving no folder", () => {
    const tmp = tempDir("bulwark-risk-tmp-");
    const env = { ...process.env, NO_COLOR: "1", TMPDIR: tmp };
    const cases: [string, RegExp][] = [
      [`file://${repo}`, /refused to contact file:\/\/.*: the scheme "file" is not allowed \(https only\)/],
      ["ext::sh -c touch% /tmp/bulwark-pwned", /transport::address/],
      ["git@github.com:ossf/scorecard.git", /an SSH address; only https URLs are cloned/],
      ["https://127.0.0.1/org/repo.git", /127\.0\.0\.1 is a loopback address/],
      [
        "https://user:secret@10.1.2.3/org/repo.git",
        /https:\/\/\*\*\*@10\.1\.2\.3\/org\/repo\.git.* private address/,
      ],
    ];
    for (const [target, message] of cases) {
      const run = spawnSync(process.execPath, [CLI_BIN, "risk", target], { encoding: "utf8", env });
      assert.equal(run.status, 2, target);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /clone the repository yourself and pass the local path|https:\/\/ URL/);
      assert.doesNotMatch(run.stderr, /secret/);
    }
    assert.deepEqual(readdirSync(tmp), []);
  });
  it("a folder inside another repository: the JSON report names the folder and warns", () => {
    const parent = makeRepo({ "pkg/LICENSE": { text: "MIT License\n" }, "README.md": { text: "hi\n" } });
    const run = bulwark(["risk", join(parent, "pkg"), "--format", "json", "--checks", "License"]);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.repo.folder, "pkg");
    assert.equal(report.repo.enclosingRepository, parent);
    assert.match(report.warnings[0], /inside the git repository/);
  });
});
