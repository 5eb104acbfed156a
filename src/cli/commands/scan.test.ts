import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { openAdvisoryDatabase } from "../../advisories/index.js";
import { displayWidth } from "../../report/columns.js";
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

function run(args: string[], dbPath: string | undefined = db.path, extraEnv: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.BULWARK_DB;
  delete env.BULWARK_DEBUG;
  delete env.COLUMNS;
  Object.assign(env, extraEnv);
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

  it("empty database: says how to fill it", async () => {
    const empty = join(tmp, "empty.db");
    await (await openAdvisoryDatabase({ path: empty, mode: "write" })).close();
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

  it("an --output in a missing folder is a usage error naming the path, before any work", () => {
    const out = join(tmp, "no", "such", "dir", "r.json");
    const r = run(["--lockfile", `go.mod:${fixture}`, "--output", out], join(tmp, "no-database-either.db"));
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr.split("\n")[0],
      `bulwark: cannot write ${out}: the folder ${join(tmp, "no", "such", "dir")} does not exist`,
    );
    assert.ok(!r.stderr.includes("advisory database"), "the output is checked before the database");
  });

  it("-f and -o are the short forms of --format and --output", () => {
    const out = join(tmp, "short.json");
    const r = run(["--lockfile", `go.mod:${fixture}`, "-f", "json", "-o", out]);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(readFileSync(out, "utf8")).summary.total, 18);
  });

  it("the table goes to stdout without colour when not a terminal", () => {
    const r = run(["--lockfile", `go.mod:${fixture}`]);
    assert.match(r.stdout, /GHSA-vvpx-j8f3-3w6h/);
    assert.ok(!r.stdout.includes("\u001b["));
  });
});

describe("bulwark scan: the table fits the terminal", () => {
  const project = corpusPath("projects", "dependency-track-frontend");
  const longest = (text: string) => Math.max(...text.split("\n").map(displayWidth));

  it("COLUMNS=100: every row fits, every finding's id and version whole; --wide and pipes give whole rows", () => {
    const fitted = run([project], db.path, { COLUMNS: "100" });
    const piped = run([project]);
    const wide = run([project, "--wide"], db.path, { COLUMNS: "100" });
    assert.equal(fitted.code, 1, fitted.stderr);
    const rows = fitted.stdout.split("\n\n")[0]!.split("\n");
    assert.ok(rows.length > 40);
    for (const row of rows) assert.ok(displayWidth(row) <= 100, `${displayWidth(row)}: ${row}`);
    const full = JSON.parse(run([project, "-f", "json"]).stdout);
    for (const f of full.findings.filter((x: { suppressed?: unknown }) => !x.suppressed)) {
      const escaped = f.id.replace(/[-]/g, "\\-");
      assert.ok(
        rows.some((r) =>
          new RegExp(`\\s${escaped}\\s+\\S.*\\s${f.package.version.replace(/\./g, "\\.")}\\s`).test(r),
        ),
        `${f.id} ${f.package.version} whole`,
      );
    }
    assert.ok(fitted.stdout.includes("…"));
    assert.ok(longest(piped.stdout) > 150, "a pipe without COLUMNS gets whole rows");
    assert.equal(wide.stdout, piped.stdout, "--wide: whole rows whatever COLUMNS says");
  });

  it("no progress display and no colour in pipes", () => {
    const r = run([project]);
    assert.ok(!r.stderr.includes("\r") && !r.stderr.includes("reading files"), r.stderr);
    assert.ok(!r.stdout.includes("\u001b["));
  });
});

describe("bulwark scan: what was not checked, data age, provenance", () => {
  let goOnly: CorpusAdvisories;
  before(async () => {
    goOnly = await buildCorpusDatabase(["go"]);
  });
  after(() => goOnly.cleanup());

  it("an npm project against a database without npm advisories checked nothing: exit 2, never '0 vulnerabilities'", () => {
    const r = run([corpusPath("projects", "dependency-track-frontend")], goOnly.path);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /nothing was checked: the advisory database holds no advisories for npm/);
    assert.match(r.stderr, /bulwark db update --ecosystem npm/);
  });

  it("several ecosystems, some checked: only those without advisories are named", () => {
    const r = run([corpusPath("projects", "guac"), corpusPath("projects", "osv.dev")], goOnly.path);
    const summary = r.stdout.split("\n").find((l) => /^\d+ vulnerabilit/.test(l)) ?? "";
    assert.match(summary, / — NOT CHECKED: PyPI \(\d+ packages, no advisories in the database\)$/);
    assert.equal(r.stdout.split("\n").filter((l) => l.includes("NOT CHECKED")).length, 1, "said once");
    assert.ok(!/NOT CHECKED:.*Go \(/.test(summary), summary);
  });

  it("--max-data-age takes a whole number of days, else exit 2", () => {
    assert.equal(run(["--lockfile", `go.mod:${fixture}`, "--max-data-age", "0", "-f", "json"]).code, 1);
    for (const bad of ["-1", "seven", "1.5", "99999"]) {
      const r = run(["--lockfile", `go.mod:${fixture}`, `--max-data-age=${bad}`]);
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--max-data-age ".*" is not a number of days/);
    }
  });

  describe("--verify-provenance (corpus signing/slsa-verifier-npm tarballs and their registry attestations)", () => {
    // A lockfile naming two real npm packages published with provenance, with the tarballs' real sha512;
    // one of them gets the deliberately broken `invalidsigprov` attestations.
    const gha = corpusPath("signing", "slsa-verifier-npm", "gha");
    const integrity = (tgz: string) =>
      `sha512-${createHash("sha512")
        .update(readFileSync(join(gha, tgz)))
        .digest("base64")}`;
    let project: string;
    before(() => {
      project = join(tmp, "provenance-project");
      mkdirSync(project, { recursive: true });
      const lock = {
        name: "app",
        version: "1.0.0",
        lockfileVersion: 3,
        packages: {
          "": {
            name: "app",
            version: "1.0.0",
            dependencies: { "gundam-visor": "1.0.1", "@trishankatdatadog/supreme-goggles": "1.0.5" },
          },
          "node_modules/gundam-visor": {
            version: "1.0.1",
            integrity: integrity("gundam-visor-cli-v1-tag.tgz"),
          },
          "node_modules/@trishankatdatadog/supreme-goggles": {
            version: "1.0.5",
            integrity: integrity("supreme-googles-cli-v02-tag.tgz"),
          },
        },
      };
      writeFileSync(join(project, "package-lock.json"), JSON.stringify(lock, null, 2));
    });

    function attestations(name: string, goggles: string): string {
      const dir = join(tmp, name);
      mkdirSync(dir, { recursive: true });
      copyFileSync(join(gha, "gundam-visor-cli-v1-tag.tgz.json"), join(dir, "gundam-visor@1.0.1.json"));
      copyFileSync(join(gha, goggles), join(dir, "@trishankatdatadog%2fsupreme-goggles@1.0.5.json"));
      return dir;
    }

    it("exit 1 when a package's attestation fails to verify, 0 when all verify", () => {
      const args = (dir: string) => [project, "--offline", "--verify-provenance", "--attestations", dir];
      const good = run(args(attestations("att-good", "supreme-googles-cli-v02-tag.tgz.json")));
      assert.equal(good.code, 0, good.stdout + good.stderr);
      assert.match(good.stdout, /Provenance: 2 of 2 npm packages verified \(100%\), 0 failed/);
      const bad = run(args(attestations("att-bad", "supreme-googles-cli-v02-tag-invalidsigprov.tgz.json")));
      assert.equal(bad.code, 1, bad.stdout + bad.stderr);
      assert.match(bad.stdout, /Provenance: 1 of 2 npm packages verified \(50%\), 1 failed/);
      assert.match(bad.stdout, /provenance failed: @trishankatdatadog\/supreme-goggles@1\.0\.5: /);
    });
  });
});
