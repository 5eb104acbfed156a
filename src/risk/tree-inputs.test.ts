// Languages, suppressions and hostile inputs (malformed YAML, huge sparse binaries, unreadable entries).
import assert from "node:assert/strict";
import {
  closeSync,
  ftruncateSync,
  openSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { corpusPath } from "../testing/corpus.js";
import { gitIn, makeRepo } from "../testing/risk-fixtures.js";
import { assessRisk } from "./assess.js";

describe("languages and memory safety", () => {
  it("bytes and lines by language, memory-unsafe share and largest unsafe areas", async () => {
    const c = "int main(void) {\n  return 0;\n}\n";
    const dir = makeRepo({
      "src/core/a.c": { text: c },
      "src/core/a.h": { text: "#pragma once\n" },
      "src/asm/x.asm": { text: "mov eax, 1\n" },
      "web/app.ts": { text: "export const x = 1;\nexport const y = 2;\n" },
      "vendor/lib/v.c": { text: c.repeat(100) },
      "test/fixtures/f.c": { text: c.repeat(100) },
      "web/app.min.js": { text: "var a=1;" },
      "README.md": { text: "# hi\n" },
    });
    const { languages } = await assessRisk({ path: dir, checks: ["License"] });
    const by = Object.fromEntries(languages.languages.map((l) => [l.language, l]));
    assert.equal(by.C.bytes, c.length + "#pragma once\n".length);
    assert.equal(by.C.lines, 4);
    assert.equal(by.TypeScript.lines, 2);
    assert.equal(by.Assembly.memoryUnsafe, true);
    assert.equal(by.Markdown, undefined, "prose is not counted as code");
    const unsafe = by.C.bytes + by.Assembly.bytes;
    assert.equal(languages.memoryUnsafeShare, Math.round((unsafe / languages.totalBytes) * 10000) / 10000);
    assert.deepEqual(
      languages.largestUnsafeAreas.map((a) => a.directory),
      ["src/core", "src/asm"],
    );
    assert.equal(languages.skipped.vendored, 1);
    assert.equal(languages.skipped["test fixture"], 1);
    assert.equal(languages.skipped.generated, 1);
  });
  it("no code → share null", async () => {
    const { languages } = await assessRisk({
      path: makeRepo({ "a.txt": { text: "x" } }),
      checks: ["License"],
    });
    assert.equal(languages.memoryUnsafeShare, null);
  });
});

describe("suppressions in bulwark.toml", () => {
  it("path-scoped suppression removes the finding from the score and keeps it visible", async () => {
    const dir = makeRepo({
      "docs/tool.wasm": { fixture: "binaryartifacts/wasms/simple.wasm" },
      "bin/tool.wasm": { fixture: "binaryartifacts/wasms/simple.wasm" },
      "bulwark.toml": {
        text: '[[risk.suppress]]\ncheck = "Binary-Artifacts"\npath = "docs/**"\nreason = "documentation sample"\n',
      },
    });
    const [result] = (await assessRisk({ path: dir, checks: ["Binary-Artifacts"] })).checks;
    assert.equal(result.score, 9);
    const docs = result.findings.find((f) => f.location?.path === "docs/tool.wasm");
    assert.equal(docs?.suppressed, "documentation sample");
  });
  it("an entry without a reason fails the assessment (one bulwark.toml schema and error policy for every command)", async () => {
    const dir = makeRepo({ "bulwark.toml": { text: '[[risk.suppress]]\ncheck = "X"\npath = "a"\n' } });
    await assert.rejects(assessRisk({ path: dir, checks: ["License"] }), {
      code: "CONFIG_INVALID",
      message: /bulwark\.toml: risk\.suppress\[0\]: "reason" is required/,
    });
  });
  it("a suppression naming an unknown check is a warning", async () => {
    const dir = makeRepo({
      "bulwark.toml": {
        text: '[[risk.suppress]]\ncheck = "Binary-Artefacts"\npath = "**"\nreason = "typo"\n',
      },
    });
    const report = await assessRisk({ path: dir, checks: ["License"] });
    assert.match(report.warnings.join("\n"), /unknown check "Binary-Artefacts"/);
  });
  it("a broken bulwark.toml is an error naming the file and line, not a crash", async () => {
    const dir = makeRepo({ "bulwark.toml": { text: "[[risk.suppress\n" }, "a.txt": { text: "x" } });
    await assert.rejects(assessRisk({ path: dir, checks: ["License"] }), {
      code: "CONFIG_INVALID",
      message: /bulwark\.toml: invalid TOML at line 1/,
    });
  });
});

describe("hostile inputs", () => {
  it("a malformed workflow is an error finding naming the file; the rest are still checked", async () => {
    const dir = makeRepo({
      ".github/workflows/bad.yml": { text: "on: [push\njobs:\n  x: {\n" },
      ".github/workflows/good.yml": {
        fixture: ".github/workflows/github-workflow-dangerous-pattern-untrusted-checkout.yml",
      },
    });
    const report = await assessRisk({ path: dir, checks: ["Dangerous-Workflow", "Token-Permissions"] });
    for (const c of report.checks) {
      const error = c.findings.find((f) => f.outcome === "error");
      assert.equal(error?.location?.path, ".github/workflows/bad.yml");
      assert.match(error?.message ?? "", /cannot parse workflow .github\/workflows\/bad\.yml/);
      assert.equal(c.status, "evaluated");
    }
    assert.equal(report.checks[0].score, 0);
  });
  it("only malformed workflows → not evaluated with the reason", async () => {
    const dir = makeRepo({ ".github/workflows/bad.yml": { text: "jobs: [\n" } });
    const [c] = (await assessRisk({ path: dir, checks: ["Dangerous-Workflow"] })).checks;
    assert.equal(c.status, "not-evaluated");
    assert.match(c.reason, /no workflow could be parsed/);
  });
  it("a huge sparse binary is detected from its first bytes without reading it whole", async () => {
    const dir = makeRepo({ "a.txt": { text: "x" } }, { commit: false });
    const path = join(dir, "big.exe");
    writeFileSync(path, Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]));
    const fd = openSync(path, "r+");
    ftruncateSync(fd, 8 * 1024 * 1024 * 1024);
    closeSync(fd);
    const started = Date.now();
    const report = await assessRisk({ path: dir, checks: ["Binary-Artifacts"] });
    assert.ok(Date.now() - started < 5000);
    assert.equal(report.checks[0].score, 9);
    assert.equal(report.languages.totalBytes, 0);
  });
  it("a workflow over the text limit is not read (nor judged on a truncated copy): an error naming its size", async () => {
    const fixture = readFileSync(
      corpusPath("scorecard", ".github/workflows/github-workflow-dangerous-pattern-untrusted-checkout.yml"),
      "utf8",
    );
    // 5 MiB of YAML comments before the real workflow: a truncated read would see only comments.
    const padding = "# padding padding padding padding padding padding padding padding padding\n".repeat(
      70_000,
    );
    const dir = makeRepo({ ".github/workflows/big.yml": { text: padding + fixture } });
    const [c] = (await assessRisk({ path: dir, checks: ["Dangerous-Workflow"] })).checks;
    assert.equal(c.status, "not-evaluated");
    const error = c.findings.find((f) => f.outcome === "error");
    assert.equal(error?.location?.path, ".github/workflows/big.yml");
    assert.match(error?.message ?? "", /is \d+ bytes, over the 4194304-byte limit for text files; not read/);
  });
  it("an oversized bulwark.toml is refused before it is read", async () => {
    const dir = makeRepo({ "a.txt": { text: "x" } });
    const path = join(dir, "bulwark.toml");
    writeFileSync(path, '[[risk.suppress]]\ncheck = "License"\npath = "**"\nreason = "r"\n');
    truncateSync(path, 2 * 1024 * 1024);
    await assert.rejects(assessRisk({ path: dir, checks: ["License"] }), {
      code: "INPUT_UNREADABLE",
      message: /bulwark\.toml: the file is 2\.0 MiB, larger than the limit of 1\.0 MiB; not read/,
    });
  });
  it("git variables inherited from a calling hook (GIT_DIR, GIT_WORK_TREE) do not redirect the assessment", async () => {
    const other = makeRepo({ "other.txt": { text: "other" } });
    const dir = makeRepo({ LICENSE: { text: "MIT License\n" } });
    const env = { ...process.env, GIT_DIR: join(other, ".git"), GIT_WORK_TREE: other };
    const report = await assessRisk({ path: dir, checks: ["License"], env });
    assert.equal(report.repo.files, 1);
    assert.equal(report.checks[0].score, 10);
    assert.equal(report.repo.head, gitIn(dir, ["rev-parse", "HEAD"]).trim());
  });
  it("an unreadable entry (symlink loop) becomes a warning naming it", async () => {
    const dir = makeRepo({ "a.txt": { text: "x" } }, { commit: false });
    symlinkSync("loop", join(dir, "loop"));
    const report = await assessRisk({ path: dir, checks: ["Binary-Artifacts"] });
    assert.match(report.warnings.join("\n"), /cannot read loop/);
    assert.equal(report.checks[0].score, 10);
  });
});
