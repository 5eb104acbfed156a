import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { openAdvisoryDatabase } from "../../advisories/index.js";
import { CLI_BIN, corpusPath } from "../../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../../testing/corpus-advisories.js";

// End-to-end: the built CLI (`npx tsc -p tsconfig.build.json` first) against a database imported from the corpus.
let db: CorpusAdvisories;
let tmp: string;
before(async () => {
  db = await buildCorpusDatabase();
  tmp = mkdtempSync(join(tmpdir(), "bulwark-scan-cli-"));
});
after(() => {
  db.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

const fixture = corpusPath("lockfiles", "golang", "gomod", "replace-not-required.mod");

function run(args: string[], dbPath: string | undefined = db.path) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.BULWARK_DB;
  delete env.BULWARK_DEBUG;
  const r = spawnSync(process.execPath, [CLI_BIN, "scan", ...(dbPath ? ["--db", dbPath] : []), ...args], {
    cwd: tmp,
    env,
    encoding: "utf8",
  });
  assert.ok(!/\n\s+at /.test(r.stderr), `no stack trace: ${r.stderr}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe("bulwark scan: exit codes by --fail-on", () => {
  // The fixture's golang.org/x/net v0.5.6 has one high (GHSA-vvpx-j8f3-3w6h), one medium (GHSA-qppj-fm5r-hxr3)
  // and 16 unknown-severity (Go database) findings.
  const scanWith = (level: string, extra: string[] = []) =>
    run(["--lockfile", `go.mod:${fixture}`, "--fail-on", level, "--format", "json", ...extra]).code;

  it("all findings open: critical 0, high/medium/low/any 1", () => {
    assert.deepEqual(
      ["critical", "high", "medium", "low", "any"].map((l) => scanWith(l)),
      [0, 1, 1, 1, 1],
    );
  });

  it("high one ignored: high 0, medium 1", () => {
    const config = file("no-high.toml", '[[ignore]]\nid = "GHSA-vvpx-j8f3-3w6h"\nreason = "r"\n');
    assert.deepEqual(
      ["high", "medium"].map((l) => scanWith(l, ["--config", config])),
      [0, 1],
    );
  });

  it("high and medium ignored (medium by OpenVEX): medium 0, low 0, any 1 (unknown severities remain)", () => {
    const config = file("no-high2.toml", '[[ignore]]\nid = "CVE-2022-41723"\nreason = "r"\n');
    const vex = file(
      "medium.openvex.json",
      JSON.stringify({
        "@context": "https://openvex.dev/ns/v0.2.0",
        statements: [
          {
            vulnerability: { name: "CVE-2023-44487" },
            products: [{ "@id": "pkg:golang/golang.org/x/net" }],
            status: "not_affected",
            justification: "component_not_present",
          },
        ],
      }),
    );
    assert.deepEqual(
      ["medium", "low", "any"].map((l) => scanWith(l, ["--config", config, "--vex", vex])),
      [0, 0, 1],
    );
  });

  it("a project without findings exits 0 even with --fail-on any", () => {
    const r = run([corpusPath("projects", "osv.dev"), "--offline"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /0 vulnerabilities .* in \d+ packages/);
  });
});

describe("bulwark scan: an SBOM as input and as VEX (the official CycloneDX 1.6 vulnerability example)", () => {
  const example = corpusPath("schemas", "cyclonedx", "examples-1.6", "valid-vulnerability-1.6.json");

  it("jackson-databind 2.9.4: GHSA-cggj-fvv3-cqwv (CVE-2018-7489, range 2.9.0 -> 2.9.5, CVSS 3.0 9.8) is found, then suppressed by the document's not_affected", () => {
    const plain = run(["--sbom", example, "--format", "json", "--fail-on", "critical"]);
    assert.equal(plain.code, 1);
    const doc = JSON.parse(plain.stdout);
    const f = doc.findings.find((x: { id: string }) => x.id === "GHSA-cggj-fvv3-cqwv");
    assert.deepEqual(f.package.purl, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4");
    assert.deepEqual(f.aliases, ["CVE-2018-7489"]);
    assert.deepEqual(f.severity, {
      score: 9.8,
      rating: "critical",
      vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
      type: "CVSS_V3",
    });
    assert.ok(f.fixed.includes("2.9.5"));
    assert.equal(f.suppressed, undefined);

    const vexed = JSON.parse(run(["--sbom", example, "--vex", example, "--format", "json"]).stdout);
    const suppressed = vexed.findings.filter((x: { suppressed?: unknown }) => x.suppressed);
    assert.deepEqual(
      suppressed.map((x: { id: string }) => x.id),
      ["GHSA-cggj-fvv3-cqwv"],
    );
    assert.equal(vexed.summary.suppressed, 1);
    assert.equal(vexed.summary.total, doc.summary.total - 1);
  });
});

describe("bulwark scan: errors exit 2 with a message, never a stack trace", () => {
  it("missing database: says how to get one", () => {
    const r = run([fixture], join(tmp, "nowhere.db"));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no advisory database at .*nowhere\.db/);
    assert.match(r.stderr, /bulwark db update/);
    assert.match(r.stderr, /bulwark db import/);
  });

  it("empty database: says how to fill it", () => {
    const empty = join(tmp, "empty.db");
    openAdvisoryDatabase({ db: empty, create: true }).close();
    const r = run([fixture], empty);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /holds no advisories/);
    assert.match(r.stderr, /bulwark db import/);
  });

  it("malformed VEX names the file", () => {
    const vex = file("broken.vex.json", '{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [');
    const r = run(["--lockfile", `go.mod:${fixture}`, "--vex", vex]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`${vex}: not valid JSON`), r.stderr);
  });

  it("malformed config names the file and the key", () => {
    const config = file("bad.toml", '[[ignore]]\nid = "X"\nreason = "r"\nuntil = 2026-01-01\n');
    const r = run(["--lockfile", `go.mod:${fixture}`, "--config", config]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`${config}: ignore[0]: unknown key "until"`), r.stderr);
  });

  it("unknown formats and levels are usage errors", () => {
    const pdf = run([fixture, "--format", "pdf"]);
    assert.equal(pdf.code, 2);
    assert.match(pdf.stderr, /unknown format "pdf"/);
    assert.match(pdf.stderr, /cyclonedx, spdx/);
    const level = run([fixture, "--fail-on", "severe"]);
    assert.equal(level.code, 2);
    assert.match(level.stderr, /unknown --fail-on level "severe"/);
    assert.equal(run([join(tmp, "does-not-exist")]).code, 2);
  });
});

describe("bulwark scan: output", () => {
  it("--format cyclonedx writes the scanned inventory with its vulnerabilities", () => {
    const r = run(["--lockfile", `go.mod:${fixture}`, "--format", "cyclonedx"]);
    assert.equal(r.code, 1);
    const bom = JSON.parse(r.stdout);
    assert.equal(bom.specVersion, "1.6");
    assert.ok(bom.vulnerabilities.length > 0 && bom.components.length > 0);
  });

  it("--output writes the report to a file and nothing to stdout", () => {
    const out = join(tmp, "report.sarif");
    const r = run(["--lockfile", `go.mod:${fixture}`, "--format", "sarif", "--output", out]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    const sarif = JSON.parse(readFileSync(out, "utf8"));
    assert.equal(sarif.version, "2.1.0");
    assert.equal(sarif.runs[0].results.length, 18);
  });

  it("an --output in a missing folder is a clear error", () => {
    const r = run(["--lockfile", `go.mod:${fixture}`, "--output", join(tmp, "no", "such", "dir", "r.json")]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot write the report to .*r\.json: ENOENT/);
  });

  it("the table goes to stdout without colour when not a terminal", () => {
    const r = run(["--lockfile", `go.mod:${fixture}`]);
    assert.match(r.stdout, /GHSA-vvpx-j8f3-3w6h/);
    assert.ok(!r.stdout.includes("\u001b["));
  });
});
