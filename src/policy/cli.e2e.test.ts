import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { CLI_BIN, corpusPath, REPO_ROOT } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { guacWithRapidReset } from "../testing/prioritise-fixtures.js";

// End-to-end: the built CLI (npm run build) as a real process.

const KEV = corpusPath("kev", "known_exploited_vulnerabilities.json");
let advisories: CorpusAdvisories;
let dir: string;
let project: string;

function bulwark(...args: string[]) {
  const env = { ...process.env };
  delete env.BULWARK_DB;
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT, encoding: "utf8", env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  advisories = await buildCorpusDatabase(["go", "ghsa-and-others"]);
  dir = join(advisories.path, "..");
  project = guacWithRapidReset(dir);
});
after(() => advisories.cleanup());

describe("bulwark db import-kev / import-epss", () => {
  it("imports the real catalogue into the advisory database, and says what it replaced the second time", () => {
    const first = bulwark("db", "import-kev", "--db", advisories.path, KEV);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /KEV catalogue 2025\.08\.25 \(released 2025-08-25\): 1404 entries\n$/);
    const again = bulwark("db", "import-kev", "--db", advisories.path, "--format", "json", KEV);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(
      { ...JSON.parse(again.stdout), database: undefined },
      {
        database: undefined,
        source: KEV,
        catalogVersion: "2025.08.25",
        dateReleased: "2025-08-25T17:04:19.9796Z",
        entries: 1404,
        previous: "2025.08.25",
      },
    );
  });

  it("a damaged catalogue is refused with its line, exit 2, and the stored one stays", () => {
    const damaged = join(dir, "kev-cut.json");
    writeFileSync(damaged, readFileSync(KEV, "utf8").slice(0, 5000));
    const r = bulwark("db", "import-kev", "--db", advisories.path, damaged);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /kev-cut\.json: not valid JSON at line \d+, column \d+/);
    const scan = bulwark("scan", "--db", advisories.path, "--format", "json", "--sort", "priority", project);
    assert.ok(
      JSON.parse(scan.stdout).findings[0].priority.factors.kev,
      "the earlier catalogue still flags findings",
    );
  });

  it("without an advisory database: import advisories first", () => {
    const r = bulwark("db", "import-kev", "--db", join(dir, "none.db"), KEV);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /there is no advisory database at .*none\.db/);
    assert.match(r.stderr, /import advisories first/);
  });

  it("imports an EPSS file in the documented layout (gzip), and refuses a malformed one naming its line", () => {
    const file = join(dir, "epss_scores-2026-01-05.csv.gz");
    writeFileSync(
      file,
      gzipSync(
        "#model_version:v2025.03.14,score_date:2026-01-05T00:00:00+0000\ncve,epss,percentile\nCVE-2023-44487,0.2,0.5\n",
      ),
    );
    const r = bulwark("db", "import-epss", "--db", advisories.path, file);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /EPSS scores of 2026-01-05 \(model v2025\.03\.14\): 1 CVEs\n$/);
    const bad = join(dir, "bad.csv");
    writeFileSync(
      bad,
      "#model_version:v2025.03.14,score_date:2026-01-05\ncve,epss,percentile\nCVE-2023-44487,0.2\n",
    );
    const refused = bulwark("db", "import-epss", "--db", advisories.path, bad);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /bad\.csv: line 3: expected 3 fields/);
  });
});

describe("bulwark scan --sort priority / --policy", () => {
  it("--sort priority: KEV-listed findings first, each finding with its priority in the JSON report", () => {
    const r = bulwark(
      "scan",
      "--db",
      advisories.path,
      "--format",
      "json",
      "--sort",
      "priority",
      "--tag",
      "internet-facing",
      project,
    );
    assert.equal(r.code, 1, "findings remain (--fail-on any)");
    const findings = JSON.parse(r.stdout).findings as {
      package: { name: string };
      priority: { score: number; reasons: string[] };
    }[];
    assert.equal(findings[0]?.package.name, "google.golang.org/grpc");
    assert.ok(findings.every((f) => typeof f.priority.score === "number"));
    assert.ok(findings[0]?.priority.reasons.includes("the project is internet-facing: +10"));
    for (let i = 1; i < findings.length; i++)
      assert.ok(findings[i - 1]!.priority.score >= findings[i]!.priority.score);
    const wrong = bulwark("scan", "--db", advisories.path, "--sort", "newest", project);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /unknown --sort order "newest"/);
  });

  it("--policy: a fail violation exits 1 and is printed under the table; warn-only policies exit 0", () => {
    const failing = join(dir, "fail.toml");
    writeFileSync(failing, '[[rule]]\nname = "known exploited"\nlevel = "fail"\nkev = true\n');
    const r = bulwark("scan", "--db", advisories.path, "--policy", failing, project);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /POLICY .*fail\.toml: 2 fail, 0 warn, 0 info/);
    assert.match(
      r.stdout,
      /FAIL {2}known exploited: GHSA-qppj-fm5r-hxr3 pkg:golang\/google\.golang\.org\/grpc@v?1\.56\.2 \(go\.mod:\d+\)/,
    );

    const warning = join(dir, "warn.toml");
    writeFileSync(warning, '[[rule]]\nname = "known exploited"\nlevel = "warn"\nkev = true\n');
    const w = bulwark("scan", "--db", advisories.path, "--policy", warning, "--format", "json", project);
    assert.equal(w.code, 0, "the policy decides the exit code: findings remain, but no fail violation");
    assert.deepEqual(JSON.parse(w.stdout).policy.counts, { fail: 0, warn: 2, info: 0 });
    const both = bulwark("scan", "--db", advisories.path, "--policy", warning, "--fail-on", "any", project);
    assert.equal(both.code, 1, "--fail-on given as well still counts");
  });

  it("a malformed policy is exit 2 naming the rule and key, with a hint that names --policy", () => {
    const bad = join(dir, "bad.toml");
    writeFileSync(bad, '[[rule]]\nname = "oops"\nlevel = "fail"\nseverity = "severe"\n');
    const r = bulwark("scan", "--db", advisories.path, "--policy", bad, project);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /bad\.toml: rule\[0\]\.severity \("oops"\) must be one of critical, high, medium, low/,
    );
    assert.match(r.stderr, /--policy/);
  });
});
