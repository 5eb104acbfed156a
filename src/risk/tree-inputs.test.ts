// Languages, suppressions and hostile inputs (malformed YAML, huge sparse binaries, unreadable entries).
import assert from "node:assert/strict";
import { closeSync, ftruncateSync, openSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { assessRisk } from "./assess.js";
import { parseSuppressions } from "./suppressions.js";
import { makeRepo } from "./testing.js";

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
  it("entries without a reason and malformed TOML are reported", () => {
    assert.match(
      parseSuppressions('[[risk.suppress]]\ncheck = "X"\npath = "a"\n').error ?? "",
      /non-empty reason/,
    );
    assert.match(parseSuppressions("[[risk.suppress]\n").error ?? "", /cannot parse/);
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
  it("a broken bulwark.toml is a warning, not a crash", async () => {
    const dir = makeRepo({ "bulwark.toml": { text: "[[risk.suppress\n" }, "a.txt": { text: "x" } });
    const report = await assessRisk({ path: dir, checks: ["License"] });
    assert.match(report.warnings.join("\n"), /cannot parse .*bulwark\.toml/);
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
  it("an unreadable entry (symlink loop) becomes a warning naming it", async () => {
    const dir = makeRepo({ "a.txt": { text: "x" } }, { commit: false });
    symlinkSync("loop", join(dir, "loop"));
    const report = await assessRisk({ path: dir, checks: ["Binary-Artifacts"] });
    assert.match(report.warnings.join("\n"), /cannot read loop/);
    assert.equal(report.checks[0].score, 10);
  });
});
