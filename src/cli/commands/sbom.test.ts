import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { CLI_BIN, corpusPath, REPO_ROOT } from "../../testing/corpus.js";

// End-to-end on the built CLI: the same project gives the same SBOM from any folder, and with
// SOURCE_DATE_EPOCH the same bytes on every run (no random serial number or namespace).
function sbom(format: string, cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(
    process.execPath,
    [CLI_BIN, "sbom", corpusPath("projects", "guac"), "--format", format],
    {
      cwd,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", ...env },
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("SOURCE_DATE_EPOCH makes CycloneDX and SPDX documents byte-identical, from any folder", () => {
  for (const format of ["cyclonedx", "spdx"]) {
    const env = { SOURCE_DATE_EPOCH: "1767225600" };
    const a = sbom(format, REPO_ROOT, env);
    const b = sbom(format, corpusPath("projects"), env);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout, `${format}: same bytes from two folders`);
    const doc = JSON.parse(a.stdout);
    const id = format === "cyclonedx" ? doc.serialNumber : doc.documentNamespace;
    assert.match(id, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(JSON.stringify(doc).includes("2026-01-01T00:00:00Z"));
    assert.ok(!a.stdout.includes(corpusPath("projects")), "no absolute paths leak into the document");
  }
  const now = [sbom("cyclonedx", REPO_ROOT), sbom("cyclonedx", REPO_ROOT)];
  assert.notEqual(JSON.parse(now[0]!.stdout).serialNumber, JSON.parse(now[1]!.stdout).serialNumber);
});

test("a SOURCE_DATE_EPOCH that is not a number is a usage error", () => {
  const r = sbom("cyclonedx", REPO_ROOT, { SOURCE_DATE_EPOCH: "yesterday" });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /SOURCE_DATE_EPOCH="yesterday" is not a number of seconds/);
});
